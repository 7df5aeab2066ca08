"""Crawl stage: discovery, polite fetching, robots.txt, the address guard, the crawl state.

Only :mod:`pipeline.crawl.fetch` imports the HTTP client. The crawl run itself (the loop
that drives these parts) is :mod:`pipeline.runs.crawl`; this package imports nothing
eagerly so that ``import pipeline.crawl.discover`` stays cheap.
"""
