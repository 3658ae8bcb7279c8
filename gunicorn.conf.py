"""gunicorn settings; command-line flags (bind, workers) override these.

`make run` and production serve with granian instead (APP_SERVER in the Makefile, chosen
by bench/serving.py): with these sync workers a few clients sending their headers slowly
held every worker. This file stays for the tests that still start gunicorn themselves
(tests/browser, tests/faults) and as the baseline bench/serving.py measures.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("THREADS", "1"))
timeout = int(os.environ.get("TIMEOUT", "30"))
graceful_timeout = 10
keepalive = 5
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
# Load the app once in the master so a broken deploy fails at start, not per worker.
preload_app = True
