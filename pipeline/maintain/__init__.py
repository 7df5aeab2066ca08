"""Spider maintenance and review: genspider and fixture templates, spider checks, the review page."""
