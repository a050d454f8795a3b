"""Scrapy settings for jobcrawl.

Every jobcrawl component reads its own ``JOBCRAWL_*`` settings, with their defaults here (docs/operations.md has
them in one table). Each is read from the environment variable of the same name too: ``-s NAME=value`` wins over
the environment, the environment over this file. An empty environment variable counts as unset.
"""

import os

BOT_NAME = "jobcrawl"
SPIDER_MODULES = ["jobcrawl.spiders"]
NEWSPIDER_MODULE = "jobcrawl.spiders"
COMMANDS_MODULE = "jobcrawl.commands"

# Say who we are in one place; set it to your project's name and a contact URL or address.
USER_AGENT = "jobcrawl/0.1 (+https://github.com/jobcrawl/jobcrawl)"

# Polite by default.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
# Items per response processed in parallel. Our pipelines are synchronous, so Scrapy's default of 100
# only creates idle tasks per response: 4 measured 48.9 -> 58.4 pages/s for the full crawl (docs/benchmarks.md).
CONCURRENT_ITEMS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# A request that failed its retries becomes a crawl_errors row and a problem line on the console; Scrapy's own
# "Gave up retrying" would say it a second time, as an ERROR.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
DOWNLOAD_TIMEOUT = 30
# Size limits: a posting page is well under a megabyte; refuse huge or decompression-bomb responses.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
# file:// pages (the demo board, saved pages) are read from disk: no delay.
# (No "randomize_delay": a zero delay randomized is still zero, and Scrapy 2.19 deprecates the key.)
DOWNLOAD_SLOTS = {"local-files": {"concurrency": 16, "delay": 0}}

# Development only: HTTPCACHE_ENABLED=True replays fetched pages from .scrapy/httpcache (see docs/operations.md).
HTTPCACHE_ENABLED = False

# Robustness (jobcrawl/middlewares.py): Retry-After honoured and 429 slows the domain; redirect loops and
# callback crashes recorded in crawl_errors instead of vanishing.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "jobcrawl.middlewares.RetryAfterMiddleware": 550,
    "jobcrawl.middlewares.RedirectLoopMiddleware": 650,
}
SPIDER_MIDDLEWARES = {"jobcrawl.middlewares.ProblemOnExceptionMiddleware": 950}
# Operations (jobcrawl/extensions.py): progress line and summary; crash-safe resume with JOBDIR.
# GcTuning: start-up objects out of the garbage collector's way (gc.freeze) once the engine runs.
EXTENSIONS = {
    "jobcrawl.extensions.ProgressLog": 500,
    "jobcrawl.extensions.JobdirGuard": 510,
    "jobcrawl.extensions.GcTuning": 520,
}

ITEM_PIPELINES = {
    "pipelines.normalize.NormalizePipeline": 100,
    "pipelines.identity.IdentityPipeline": 200,
    "pipelines.store.StorePipeline": 300,
    "pipelines.boards.BoardsPipeline": 400,
}

LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"

# --- jobcrawl ---------------------------------------------------------------------------------------
# Where postings go.
JOBCRAWL_DATABASE_URL = "sqlite:///postings.db"
# The store pipeline (off: crawl without writing anything, e.g. with a feed export -o).
JOBCRAWL_STORE_ENABLED = True
# Rows written per transaction, and the longest a posting waits in the write buffer (seconds).
JOBCRAWL_STORE_BATCH_SIZE = 100
JOBCRAWL_STORE_FLUSH_SECONDS = 5.0
# Database away: retries with doubling backoff, then items go to this dead-letter file (`scrapy loadspool`).
JOBCRAWL_STORE_RETRIES = 3
JOBCRAWL_STORE_RETRY_BACKOFF = 0.5
JOBCRAWL_SPOOL_PATH = "jobcrawl-spool.jsonl"
# Longest wait a Retry-After header can impose before a retry (seconds); a 429 doubles the domain's delay.
JOBCRAWL_RETRY_AFTER_MAX = 30
JOBCRAWL_429_MIN_DELAY = 1.0
# Largest response body handed to extraction (bytes); larger pages are recorded as too-large, not parsed.
# Parsing costs about 1 s a megabyte on big pages (a real 3.2 MB page: 3 s); a posting page is well under 1 MB.
JOBCRAWL_MAX_PAGE_BYTES = 5 * 1024 * 1024
# Seconds between progress lines (0: off).
JOBCRAWL_PROGRESS_INTERVAL = 30
# Garbage collection (jobcrawl.extensions.GcTuning): freeze the start-up objects once the engine runs; optionally
# raise the first generation's threshold (0 keeps Python's 700; 10000 was a little faster but held more memory:
# docs/benchmarks.md, "Measurements behind code choices").
JOBCRAWL_GC_FREEZE = True
JOBCRAWL_GC_THRESHOLD = 0
# Near-duplicate detection: Jaccard similarity of word shingles at or above which a posting is linked.
JOBCRAWL_NEAR_DUPLICATE_THRESHOLD = 0.8
JOBCRAWL_MINHASH_PERMUTATIONS = 128
JOBCRAWL_SHINGLE_SIZE = 3

# Extraction and normalization in worker processes (jobcrawl.workers, docs/operations.md "Extraction workers"):
# the machine's cores by default; 1 extracts in the crawl process. Pages go to the workers in batches of up to
# JOBCRAWL_WORKER_BATCH_SIZE; a partial batch leaves after JOBCRAWL_WORKER_BATCH_WAIT seconds.
JOBCRAWL_WORKERS = os.cpu_count() or 1
JOBCRAWL_WORKER_BATCH_SIZE = 16
JOBCRAWL_WORKER_BATCH_WAIT = 0.02

# Distributed crawling (docs/distributed.md): with a Redis URL here or in the environment variable
# JOBCRAWL_REDIS_URL, workers share one request queue, fingerprint set and start list in Redis.
ADDONS = {"jobcrawl.distributed.DistributedAddon": 0}
JOBCRAWL_REDIS_URL = None
# A worker stops after this many seconds with nothing to do anywhere in the shared crawl.
JOBCRAWL_IDLE_TIMEOUT = 60
# Seconds between a worker's looks at the shared start list when it has nothing to do.
JOBCRAWL_REDIS_POLL_INTERVAL = 0.5
# A worker whose heartbeat is older than this is dead: live workers return its unfinished requests.
JOBCRAWL_REDIS_HEARTBEAT_TTL = 30
# When the last work is done, forget the fingerprints, so the next crawl fetches pages again.
JOBCRAWL_REDIS_CLEAR_SEEN_ON_DRAIN = True

# ATS board endpoints per family overriding the public ones (jobcrawl.extract.ats.detect.ENDPOINTS), e.g.
# {"recruitee": "http://127.0.0.1:8000/{slug}/api/offers/"}: a mirror, or a loopback server in tests.
# Placeholders: {slug}; Workday also {host} and {site}. On the command line: -s 'JOBCRAWL_ATS_ENDPOINTS={...}'.
JOBCRAWL_ATS_ENDPOINTS: dict[str, str] = {}

# --- the environment --------------------------------------------------------------------------------
# Last, so it covers every JOBCRAWL_* name above (Scrapy reads only upper-case names from this module).
for _name in [name for name in globals() if name.startswith("JOBCRAWL_")]:
    if os.environ.get(_name):
        globals()[_name] = os.environ[_name]
