# gunicorn configuration for yizhan (yizhan-web.service: `gunicorn -c /etc/yizhan/gunicorn.conf.py`).
# Every value comes from the package (yizhan.web.gunicorn_conf) and the environment file
# /etc/yizhan/yizhan.env (YIZHAN_BIND, YIZHAN_WORKERS, YIZHAN_WORKER_CLASS, YIZHAN_ACCESS_LOG), so
# that `yizhan serve --workers N` and the service run the same configuration. Override a value
# below only if the environment cannot express it.
from yizhan.web.gunicorn_conf import *  # noqa: F401,F403
