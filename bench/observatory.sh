#!/usr/bin/env bash
# The MDN HTTP Observatory against Forge as it runs in production: DEBUG=0 under gunicorn,
# behind nginx with TLS, on loopback, with a throwaway certificate authority that only this
# scan trusts. Prints the grade and score, and each test's result.
#
#   make observatory            (or: bash bench/observatory.sh)
#
# Needs: root (nginx on ports 80/443 and a private network namespace), openssl, Node 20+
# with npm, and `make install` done. nginx is installed with apt-get when missing. The stack
# runs inside its own network namespace (`unshare -n`), so ports 80 and 443 there clash with
# nothing on the machine. The database is a throwaway SQLite file unless OBSERVATORY_DB is
# set (PostgreSQL must then be reached through its Unix socket, as the namespace has no
# route to 127.0.0.1 outside: postgres:///forge?host=/var/run/postgresql).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.venv/bin"
OBSERVATORY_VERSION="1.4.8"
TOOLS="${FORGE_OBSERVATORY_DIR:-$HOME/.cache/forge-observatory}"
WORK="$(mktemp -d /tmp/forge-observatory.XXXXXX)"
HOST="localhost"

[ -x "$VENV/python" ] || { echo "Run 'make install' first." >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "Run as root (nginx on 80/443 in a private namespace)." >&2; exit 1; }
command -v node >/dev/null || { echo "Node 20 or later is needed (apt-get install nodejs npm)." >&2; exit 1; }
if ! command -v nginx >/dev/null; then
  echo "Installing nginx…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi

# 1. The Observatory CLI, once per machine. Its install script downloads lists (HSTS preload,
#    top-level domains) from the internet; it is skipped, and empty lists stand in, because
#    neither matters for a scan of localhost.
SCANNER="$TOOLS/node_modules/@mdn/mdn-http-observatory"
if [ ! -f "$SCANNER/src/scan.js" ] || ! grep -q "\"version\": \"$OBSERVATORY_VERSION\"" "$SCANNER/package.json"; then
  echo "Installing @mdn/mdn-http-observatory@$OBSERVATORY_VERSION into $TOOLS…"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --ignore-scripts --no-audit --no-fund --silent \
    "@mdn/mdn-http-observatory@$OBSERVATORY_VERSION"
fi
[ -f "$SCANNER/conf/hsts-preload.json" ] || echo '{}' > "$SCANNER/conf/hsts-preload.json"
[ -f "$SCANNER/conf/tld-list.json" ] || echo '[]' > "$SCANNER/conf/tld-list.json"

# 2. A throwaway certificate authority and a certificate for localhost that it signs.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Forge throwaway scan CA" \
  -keyout "$WORK/ca.key" -out "$WORK/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=$HOST" \
  -keyout "$WORK/site.key" -out "$WORK/site.csr" 2>/dev/null
printf "subjectAltName=DNS:%s,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n" "$HOST" > "$WORK/ext.cnf"
openssl x509 -req -in "$WORK/site.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" \
  -CAcreateserial -days 2 -extfile "$WORK/ext.cnf" -out "$WORK/site.pem" 2>/dev/null

# 3. Forge in production mode: settings, database, static files, the starter catalogue.
export DEBUG=0
export SECRET_KEY="$(openssl rand -hex 40)"
export ALLOWED_HOSTS="$HOST"
export CSRF_TRUSTED_ORIGINS="https://$HOST"
export SITE_URL="https://$HOST"
export TRUSTED_PROXY_COUNT=1
export DATABASE_URL="${OBSERVATORY_DB:-sqlite:///$WORK/forge.sqlite3}"
export STATIC_ROOT="$WORK/static"
export MEDIA_ROOT="$WORK/media"
export LOG_LEVEL=WARNING
cd "$ROOT"
"$VENV/python" manage.py migrate --no-input -v0
"$VENV/python" manage.py collectstatic --no-input -v0
"$VENV/python" manage.py import_exercises exercises/data/starter_catalogue.json --format forge -v0

mkdir -p "$WORK/nginx-tmp"
cat > "$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events {}
http {
  access_log $WORK/nginx-access.log;
  client_body_temp_path $WORK/nginx-tmp/body;
  proxy_temp_path $WORK/nginx-tmp/proxy;
  fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
  scgi_temp_path $WORK/nginx-tmp/scgi;
  server_tokens off;
  server {
    listen 127.0.0.1:80;
    listen [::1]:80;
    server_name $HOST;
    return 301 https://\$host\$request_uri;
  }
  server {
    listen 127.0.0.1:443 ssl http2;
    listen [::1]:443 ssl http2;
    server_name $HOST;
    ssl_certificate $WORK/site.pem;
    ssl_certificate_key $WORK/site.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {
      proxy_pass http://127.0.0.1:8130;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
    }
  }
}
NGINX

# 4. Inside a private network namespace: gunicorn, nginx, then the scan.
cat > "$WORK/inside.sh" <<INSIDE
set -euo pipefail
ip link set lo up
"$VENV/gunicorn" forge.wsgi --bind 127.0.0.1:8130 --workers 2 --log-level warning \
  --pid "$WORK/gunicorn.pid" --daemon
nginx -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log"
trap 'nginx -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log" -s stop; kill \$(cat "$WORK/gunicorn.pid")' EXIT
for _ in \$(seq 50); do
  curl -fsS --cacert "$WORK/ca.pem" -o /dev/null "https://$HOST/" 2>/dev/null && break
  sleep 0.2
done
NODE_EXTRA_CA_CERTS="$WORK/ca.pem" node "$SCANNER/src/scan.js" "$HOST" > "$WORK/scan.json"
INSIDE
unshare -n bash "$WORK/inside.sh"

"$VENV/python" - "$WORK/scan.json" <<'PY'
import json
import sys

result = json.load(open(sys.argv[1]))
if "error" in result:
    sys.exit(f"The scan failed: {result['error']}")
scan = result["scan"]
print(f"MDN HTTP Observatory: grade {scan['grade']}, score {scan['score']}/100, "
      f"{scan['testsPassed']} of {scan['testsQuantity']} tests passed")
for name, test in sorted(result["tests"].items()):
    mark = "pass" if test["pass"] else "FAIL"
    print(f"  {mark}  {name:32} {test['scoreModifier']:+4}  {test['result']}")
PY
rm -rf "$WORK"
