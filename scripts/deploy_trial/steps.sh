# docs/deploy.md "Install on a server without network", step 4 onwards, and deploy/README.md's
# steps, as written; deviations marked TRIAL. Records of trials 2 and 3: run as root inside a
# bare Debian 12 or 13 booted with systemd and no network, with wheelhouse/, debs/, deploy/ and
# tls/ (a certificate pair for yizhan.example.intranet) in /media/usb:  PW=… bash steps.sh
set -ex
: "${PW:?the administrator password to set: PW=… bash steps.sh}"
cd /media/usb
(cd wheelhouse && sha256sum -c --quiet SHA256SUMS) && (cd debs && sha256sum -c --quiet SHA256SUMS)
# TRIAL: -y (no terminal to answer apt's question)
time apt-get install -y -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=/dev/null ./debs/*.deb > /root/apt-install.log 2>&1
grep -c "^Setting up" /root/apt-install.log
systemctl is-active postgresql nginx
adduser --system --group --home /var/lib/yizhan yizhan
python3 -m venv /opt/yizhan/venv
time /opt/yizhan/venv/bin/pip install --no-index --find-links wheelhouse yizhan > /root/pip-install.log 2>&1
/opt/yizhan/venv/bin/yizhan --help > /dev/null
# Database
runuser -u postgres -- createuser yizhan
runuser -u postgres -- createdb --owner yizhan yizhan
# deploy/README.md
install -d -o yizhan -g yizhan -m 0750 /var/lib/yizhan
install -d -o yizhan -g yizhan -m 0755 /var/www/yizhan
install -d -o yizhan -g yizhan -m 0750 /var/cache/yizhan
install -d -m 0755 /etc/yizhan
install -m 0640 -g yizhan deploy/yizhan.env /etc/yizhan/yizhan.env     # then edit it
install -m 0644 deploy/gunicorn.conf.py /etc/yizhan/gunicorn.conf.py
install -m 0644 deploy/yizhan-web.service deploy/yizhan-worker.service /etc/systemd/system/
install -d -m 0755 /etc/systemd/system/yizhan-.service.d
install -m 0644 deploy/yizhan-.service.d/hardening.conf /etc/systemd/system/yizhan-.service.d/
install -m 0644 deploy/nginx-yizhan.conf /etc/nginx/sites-available/yizhan
install -d -m 0750 /etc/yizhan/tls    # + the intranet CA's yizhan.crt and yizhan.key (HTTPS)
install -m 0640 tls/yizhan.crt tls/yizhan.key /etc/yizhan/tls/   # TRIAL: a self-signed pair
ln -sf /etc/nginx/sites-available/yizhan /etc/nginx/sites-enabled/yizhan
# the edit of yizhan.env: a secret key made as its comment says (host names left as they are)
KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
sed -i "s|^YIZHAN_SECRET_KEY=.*|YIZHAN_SECRET_KEY=$KEY|" /etc/yizhan/yizhan.env
# TRIAL: createsuperuser --noinput with the password in the environment (no terminal)
PW="$PW" runuser -u yizhan -- sh -c 'set -a; . /etc/yizhan/yizhan.env; set +a;
  /opt/yizhan/venv/bin/python -m yizhan.web migrate --noinput > /dev/null &&
  /opt/yizhan/venv/bin/python -m yizhan.web collectstatic --noinput &&
  DJANGO_SUPERUSER_PASSWORD="$PW" /opt/yizhan/venv/bin/python -m yizhan.web createsuperuser --noinput --username admin --email admin@example.intranet'
systemctl daemon-reload
systemctl enable --now yizhan-web yizhan-worker
nginx -t && systemctl reload nginx
runuser -u yizhan -- sh -c 'set -a; . /etc/yizhan/yizhan.env; set +a; /opt/yizhan/venv/bin/yizhan check-deploy'
# backups (docs/deploy.md "Configuration and services")
install -d -o yizhan -g yizhan -m 0750 /var/backups/yizhan
install -m 0644 deploy/yizhan-backup.service deploy/yizhan-backup.timer /etc/systemd/system/
systemctl daemon-reload && systemctl enable --now yizhan-backup.timer
systemctl start yizhan-backup && ls -l /var/backups/yizhan     # the first one, now
systemctl list-timers yizhan-backup --no-pager
