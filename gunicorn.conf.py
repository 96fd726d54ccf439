"""How gunicorn serves the portal, read from this folder by the image, docker-compose and the load
benchmark alike (the benchmark's command-line options override the shape it tries)."""

# Threads (gthread, 4 processes × 4 threads): a request spends part of its time waiting on PostgreSQL
# and Redis, which threads overlap; the load benchmark's trials found this shape's tail the lowest on
# 2 cores (BENCHMARKS.md, "Load").
worker_class = "gthread"
workers = 4
threads = 4

# An idle keep-alive connection is closed after gunicorn's default of 2 s, which can land just as the
# client sends its next request on it: the client sees the connection reset. Keep it longer than a
# load balancer's idle timeout (60 s is common), so that the balancer is the side that closes it.
keepalive = 75

forwarded_allow_ips = "*"  # behind the load balancer, which sets X-Forwarded-Proto
