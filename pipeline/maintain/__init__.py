"""Spider maintenance: genspider and fixture templates, spider checks."""
