"""jobcrawl: crawl job postings into a clean, queryable SQL database."""

__version__ = "0.1.0"
