"""Spider maintenance and review: genspider and fixture templates, checks, the review page."""
