"""The ways to run the pipeline: a crawl, WARC archives, a Dask cluster; their bookkeeping."""
