"""Crawl stage: discovery, polite fetching, robots.txt and the crawl runner.

Only :mod:`pipeline.crawl.fetch` imports the HTTP client. Import the runner with
``from pipeline.crawl.runner import crawl, run_crawl``; this package imports nothing eagerly
so that ``import pipeline.crawl.discover`` stays cheap.
"""
