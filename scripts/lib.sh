# Shared by scripts/bootstrap, scripts/test and scripts/benchmark. Source it; do not run it.
# Everything is idempotent: each step checks before it acts.

set -euo pipefail

APP=profregister
CHECKOUT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_USER=${BENCH_USER:-frappe}
BENCH_HOME=$(getent passwd "$BENCH_USER" | cut -d: -f6 || true)
BENCH_HOME=${BENCH_HOME:-/home/$BENCH_USER}
BENCH_DIR=${BENCH_DIR:-$BENCH_HOME/frappe-bench}
FRAPPE_SOURCE=${FRAPPE_SOURCE:-https://github.com/frappe/frappe}
FRAPPE_BRANCH=${FRAPPE_BRANCH:-version-15}
SITE=${SITE:-profregister.localhost}
TEST_SITE=${TEST_SITE:-test.profregister.localhost}
BENCH_SITE=${BENCH_SITE:-benchmark.profregister.localhost}
BENCH_PORT=${BENCH_PORT:-8011}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-admin}
DB_ADMIN_FILE=$BENCH_HOME/.profregister/db-admin
WEB_PORT=${WEB_PORT:-8000}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Privileged commands: directly as root, else through sudo.
priv() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Commands in the bench, as the bench user (bench refuses root).
as_bench() {
	local env=(env HOME="$BENCH_HOME" PATH="$BENCH_HOME/.local/bin:$BENCH_HOME/.bench-cli/bin:/usr/local/bin:/usr/bin:/bin" UV_SYSTEM_CERTS=1 CI="${CI:-}")
	if [ "$(id -un)" = "$BENCH_USER" ]; then
		(cd "${BENCH_DIR_CWD:-$BENCH_HOME}" && "${env[@]}" "$@")
	else
		priv runuser -u "$BENCH_USER" -- bash -c 'cd "$0" && exec "$@"' "${BENCH_DIR_CWD:-$BENCH_HOME}" "${env[@]}" "$@"
	fi
}
bench_cmd() { BENCH_DIR_CWD=$BENCH_DIR as_bench bench "$@"; }

ensure_packages() {
	local missing=()
	command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server mariadb-client libmariadb-dev)
	command -v redis-server >/dev/null || missing+=(redis-server)
	command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
	dpkg -s fonts-dejavu-core fonts-noto-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core fonts-noto-core)
	command -v git >/dev/null || missing+=(git)
	command -v runuser >/dev/null || missing+=(util-linux)
	command -v crontab >/dev/null || missing+=(cron)
	command -v pkg-config >/dev/null || missing+=(pkg-config)
	command -v curl >/dev/null || missing+=(curl)
	command -v rsync >/dev/null || missing+=(rsync)
	[ -f /usr/include/python3.11/Python.h ] || ls /usr/include/python3*/Python.h >/dev/null 2>&1 || missing+=(python3-dev)
	python3 -c "import venv, ensurepip" 2>/dev/null || missing+=(python3-venv python3-pip)
	if [ "${WITH_BROWSER:-1}" = 1 ]; then command -v chromium >/dev/null || missing+=(chromium); fi
	local node_major
	node_major=$(node -v 2>/dev/null | sed 's/^v\([0-9]*\).*/\1/' || echo 0)
	[ "${node_major:-0}" -ge 18 ] || missing+=(nodejs npm)
	if [ ${#missing[@]} -gt 0 ]; then
		log "Installing ${missing[*]}"
		priv apt-get update -q
		priv env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
	fi
	if [ "$(yarn --version 2>/dev/null | cut -d. -f1)" != 1 ]; then
		log "Installing yarn 1.x"
		priv npm install -g yarn@1.22.22
	fi
}

ensure_bench_user() {
	id "$BENCH_USER" >/dev/null 2>&1 || { log "Creating user $BENCH_USER"; priv useradd -m -s /bin/bash "$BENCH_USER"; }
	BENCH_HOME=$(getent passwd "$BENCH_USER" | cut -d: -f6)
	priv chmod 755 "$BENCH_HOME"
	if [ ! -x "$BENCH_HOME/.bench-cli/bin/honcho" ]; then
		log "Installing the bench CLI for $BENCH_USER"
		as_bench python3 -m venv "$BENCH_HOME/.bench-cli"
		as_bench "$BENCH_HOME/.bench-cli/bin/pip" install -q frappe-bench uv honcho "setuptools<81"
	fi
}

mariadb_up() { mariadb-admin ping >/dev/null 2>&1 || priv mariadb-admin ping >/dev/null 2>&1; }
redis_up() { redis-cli -p "$1" ping >/dev/null 2>&1; }

# MariaDB's default 128 MB buffer pool makes national reports read from disk: give it a quarter of the
# memory (at most 8 GB), as Frappe's production guides advise. Restarts MariaDB only when this changes.
MARIADB_CONF=/etc/mysql/mariadb.conf.d/90-profregister.cnf
tune_mariadb() {
	local mb wanted
	mb=$(awk '/MemTotal/ {print int($2 / 1024 / 4)}' /proc/meminfo)
	[ "$mb" -gt 8192 ] && mb=8192
	[ "$mb" -lt 256 ] && mb=256
	wanted=$(printf '[mysqld]\ninnodb_buffer_pool_size = %sM\n' "$mb")
	[ -d "$(dirname "$MARIADB_CONF")" ] || return 0
	[ "$(cat "$MARIADB_CONF" 2>/dev/null)" = "$wanted" ] && return 0
	log "Giving MariaDB a ${mb} MB buffer pool ($MARIADB_CONF)"
	echo "$wanted" | priv tee "$MARIADB_CONF" >/dev/null
	if mariadb_up; then
		priv service mariadb restart >/dev/null 2>&1 || { priv mariadb-admin shutdown && sleep 2; }
	fi
}

ensure_services() {
	tune_mariadb
	if ! mariadb_up; then
		log "Starting MariaDB"
		priv service mariadb start >/dev/null 2>&1 || (priv mysqld_safe >/dev/null 2>&1 &)
		for _ in $(seq 30); do mariadb_up && break; sleep 1; done
		mariadb_up || die "MariaDB did not start"
	fi
}

# A dedicated MariaDB account for bench; root's own password is never touched.
ensure_db_admin() {
	if [ -n "${DB_ROOT_PASSWORD:-}" ]; then
		DB_ADMIN_USER=${DB_ROOT_USER:-root}
		DB_ADMIN_PASSWORD=$DB_ROOT_PASSWORD
		return
	fi
	if priv test -f "$DB_ADMIN_FILE"; then
		DB_ADMIN_USER=$(priv sed -n 1p "$DB_ADMIN_FILE")
		DB_ADMIN_PASSWORD=$(priv sed -n 2p "$DB_ADMIN_FILE")
		mariadb -h 127.0.0.1 -u "$DB_ADMIN_USER" -p"$DB_ADMIN_PASSWORD" -e "select 1" >/dev/null 2>&1 && return
	fi
	priv mariadb -e "select 1" >/dev/null 2>&1 ||
		die "Cannot reach MariaDB as root through its socket. Set DB_ROOT_USER and DB_ROOT_PASSWORD for an account that may create databases."
	log "Creating the MariaDB account profregister_admin for bench"
	DB_ADMIN_USER=profregister_admin
	DB_ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
	priv mariadb <<-SQL
		CREATE USER IF NOT EXISTS '$DB_ADMIN_USER'@'localhost' IDENTIFIED BY '$DB_ADMIN_PASSWORD';
		CREATE USER IF NOT EXISTS '$DB_ADMIN_USER'@'127.0.0.1' IDENTIFIED BY '$DB_ADMIN_PASSWORD';
		ALTER USER '$DB_ADMIN_USER'@'localhost' IDENTIFIED BY '$DB_ADMIN_PASSWORD';
		ALTER USER '$DB_ADMIN_USER'@'127.0.0.1' IDENTIFIED BY '$DB_ADMIN_PASSWORD';
		GRANT ALL PRIVILEGES ON *.* TO '$DB_ADMIN_USER'@'localhost' WITH GRANT OPTION;
		GRANT ALL PRIVILEGES ON *.* TO '$DB_ADMIN_USER'@'127.0.0.1' WITH GRANT OPTION;
		FLUSH PRIVILEGES;
	SQL
	priv mkdir -p "$(dirname "$DB_ADMIN_FILE")"
	printf '%s\n%s\n' "$DB_ADMIN_USER" "$DB_ADMIN_PASSWORD" | priv tee "$DB_ADMIN_FILE" >/dev/null
	priv chown -R "$BENCH_USER:" "$(dirname "$DB_ADMIN_FILE")"
	priv chmod 600 "$DB_ADMIN_FILE"
}

ensure_bench() {
	if [ ! -f "$BENCH_DIR/apps/frappe/pyproject.toml" ]; then
		log "Creating the bench $BENCH_DIR from $FRAPPE_SOURCE ($FRAPPE_BRANCH)"
		BENCH_DIR_CWD=$(dirname "$BENCH_DIR") as_bench bench init "$(basename "$BENCH_DIR")" \
			--frappe-path "$FRAPPE_SOURCE" --frappe-branch "$FRAPPE_BRANCH" --python "$(command -v python3)" \
			--no-backups --skip-assets
		# Frappe 15 still imports pkg_resources.
		BENCH_DIR_CWD=$BENCH_DIR as_bench "$BENCH_HOME/.bench-cli/bin/uv" pip install --python env/bin/python "setuptools<81"
		bench_cmd build --app frappe
	fi
	for conf in redis_cache redis_queue; do
		local port
		port=$(sed -n 's/^port //p' "$BENCH_DIR/config/$conf.conf")
		redis_up "$port" || BENCH_DIR_CWD=$BENCH_DIR as_bench redis-server "config/$conf.conf" --daemonize yes >/dev/null
	done
}

# Points the bench's app at a folder (a checkout, or a copy of one) and installs it into the env.
link_app() {
	local source=$1
	BENCH_DIR_CWD=$BENCH_DIR as_bench ln -sfn "$source" "apps/$APP"
	# apps.txt may lack a final newline.
	grep -qx "$APP" "$BENCH_DIR/sites/apps.txt" ||
		BENCH_DIR_CWD=$BENCH_DIR as_bench sh -c 'sed -i -e "\$a\\" sites/apps.txt && echo "$0" >> sites/apps.txt' "$APP"
	BENCH_DIR_CWD=$BENCH_DIR as_bench "$BENCH_HOME/.bench-cli/bin/uv" pip install -q --python env/bin/python -e "apps/$APP"
}

# A copy of this checkout's files (tracked and new, not ignored) that the bench user can read.
stage_checkout() {
	local target=$BENCH_HOME/.profregister/checkout/$APP
	priv mkdir -p "$target"
	(cd "$CHECKOUT" && git ls-files -co --exclude-standard -z | priv rsync -a --delete --from0 --files-from=- ./ "$target/")
	priv chown -R "$BENCH_USER:" "$BENCH_HOME/.profregister"
	echo "$target"
}

db_admin_args() { echo "--db-root-username $DB_ADMIN_USER --db-root-password $DB_ADMIN_PASSWORD"; }

# Drops and recreates a site with the app installed.
new_site() {
	local site=$1
	# shellcheck disable=SC2046
	bench_cmd drop-site "$site" --force --no-backup $(db_admin_args) >/dev/null 2>&1 || true
	# shellcheck disable=SC2046
	bench_cmd new-site "$site" --admin-password "$ADMIN_PASSWORD" $(db_admin_args) --install-app "$APP"
	bench_cmd --site "$site" set-config allow_tests true
	grep -q " $site\$" /etc/hosts || echo "127.0.0.1 $site" | priv tee -a /etc/hosts >/dev/null
}

site_exists() { [ -f "$BENCH_DIR/sites/$1/site_config.json" ]; }

# Serve SITE on PORT in the background (until stop_serving) and make it its own host_name: wkhtmltopdf
# fetches the print styles from the site, so PDFs need a site that answers.
serve_site() {
	local site=$1 port=$2
	priv pkill -f "serve --port $port" || true
	bench_cmd --site "$site" set-config host_name "http://$site:$port" >/dev/null
	BENCH_DIR_CWD=$BENCH_DIR as_bench bash -c "exec bench --site $site serve --port $port" >"${SERVE_LOG:-/dev/null}" 2>&1 &
	for _ in $(seq 60); do curl -sf "http://$site:$port/api/method/ping" >/dev/null && return; sleep 1; done
	die "$site does not answer /api/method/ping on port $port"
}

stop_serving() { priv pkill -f "serve --port $1" || true; }
