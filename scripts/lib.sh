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
# The MariaDB account bench creates databases with (one per bench user; the fresh-machine test makes its own).
DB_ADMIN_USER=${DB_ADMIN_USER:-profregister_admin}
WEB_PORT=${WEB_PORT:-8000}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Privileged commands: directly as root, else through sudo.
priv() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Commands in the bench, as the bench user (bench refuses root). FRAPPE_DOCKER_BUILD keeps bench from
# restarting supervisor itself once supervisor is installed (through sudo, which a new machine may lack)
# and from asking the internet for its latest version: scripts/production restarts what it runs.
as_bench() {
	local env=(env HOME="$BENCH_HOME" PATH="$BENCH_HOME/.local/bin:$BENCH_HOME/.bench-cli/bin:/usr/local/bin:/usr/bin:/bin"
		UV_SYSTEM_CERTS=1 CI="${CI:-}" FRAPPE_DOCKER_BUILD=1)
	if [ "$(id -un)" = "$BENCH_USER" ]; then
		(cd "${BENCH_DIR_CWD:-$BENCH_HOME}" && "${env[@]}" "$@")
	else
		priv runuser -u "$BENCH_USER" -- bash -c 'cd "$0" && exec "$@"' "${BENCH_DIR_CWD:-$BENCH_HOME}" "${env[@]}" "$@"
	fi
}
bench_cmd() { BENCH_DIR_CWD=$BENCH_DIR as_bench bench "$@"; }

# A developer tool of tools/dev (demo, benchmark, replica-check, login-summary) on SITE: run by the bench's
# own Python from its sites folder, from the app as the bench has it linked, like a bench command.
dev_tool() {
	BENCH_DIR_CWD=$BENCH_DIR/sites as_bench "$BENCH_DIR/env/bin/python" "$BENCH_DIR/apps/$APP/tools/dev/run.py" "$@"
}

ensure_packages() {
	local missing=()
	if ! command -v mariadbd >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then
		missing+=(mariadb-server mariadb-client libmariadb-dev)
		INSTALLED_MARIADB=1
	fi
	command -v redis-server >/dev/null || missing+=(redis-server)
	command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
	dpkg -s fonts-dejavu-core fonts-noto-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core fonts-noto-core)
	command -v git >/dev/null || missing+=(git)
	command -v runuser >/dev/null || missing+=(util-linux)
	command -v crontab >/dev/null || missing+=(cron)
	command -v pkg-config >/dev/null || missing+=(pkg-config)
	command -v curl >/dev/null || missing+=(curl)
	command -v rsync >/dev/null || missing+=(rsync)
	# The app points Frappe's pytz at the system's tz database: it must know Kazakhstan's UTC+5 (2024).
	tz_is_current || missing+=(tzdata)
	[ -f /usr/include/python3.11/Python.h ] || ls /usr/include/python3*/Python.h >/dev/null 2>&1 || missing+=(python3-dev)
	python3 -c "import venv, ensurepip" 2>/dev/null || missing+=(python3-venv python3-pip)
	if [ "${WITH_BROWSER:-1}" = 1 ]; then command -v chromium >/dev/null || missing+=(chromium); fi
	if [ "${WITH_PRODUCTION:-0}" = 1 ]; then
		command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
		command -v supervisorctl >/dev/null || missing+=(supervisor)
	fi
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

tz_is_current() {
	/usr/bin/python3 -c 'import datetime as d, zoneinfo as z, sys
sys.exit(d.datetime(2025, 6, 1, tzinfo=z.ZoneInfo("Asia/Almaty")).utcoffset() != d.timedelta(hours=5))' 2>/dev/null
}

# A system Python >= 3.10 that the bench user can execute: root's PATH may hold an interpreter in root's
# home (pyenv, asdf) that the bench user cannot run.
bench_python() {
	local candidate
	for candidate in /usr/bin/python3.13 /usr/bin/python3.12 /usr/bin/python3.11 /usr/bin/python3.10 /usr/bin/python3; do
		[ -x "$candidate" ] || continue
		if as_bench "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
			echo "$candidate"
			return
		fi
	done
	return 1
}

ensure_bench_user() {
	id "$BENCH_USER" >/dev/null 2>&1 || { log "Creating user $BENCH_USER"; priv useradd -m -s /bin/bash "$BENCH_USER"; }
	BENCH_HOME=$(getent passwd "$BENCH_USER" | cut -d: -f6)
	priv chmod 755 "$BENCH_HOME"
	if ! BENCH_PYTHON=$(bench_python); then
		log "Installing a system Python for $BENCH_USER"
		priv apt-get update -q
		priv env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3 python3-venv python3-dev python3-pip
		BENCH_PYTHON=$(bench_python) || die "no Python >= 3.10 that $BENCH_USER can run"
	fi
	if ! as_bench "$BENCH_HOME/.bench-cli/bin/python" -c 'import bench, honcho, uv' 2>/dev/null; then
		log "Installing the bench CLI for $BENCH_USER ($BENCH_PYTHON)"
		as_bench rm -rf "$BENCH_HOME/.bench-cli"
		as_bench "$BENCH_PYTHON" -m venv "$BENCH_HOME/.bench-cli"
		as_bench "$BENCH_HOME/.bench-cli/bin/pip" install -q frappe-bench uv honcho "setuptools<81"
	fi
	# A local Frappe source owned by another user (FRAPPE_SOURCE) must be clonable by the bench user.
	if [ -d "$FRAPPE_SOURCE/.git" ]; then
		local dir
		for dir in "$FRAPPE_SOURCE" "$FRAPPE_SOURCE/.git"; do
			as_bench git config --global --get-all safe.directory 2>/dev/null | grep -qxF "$dir" ||
				as_bench git config --global --add safe.directory "$dir"
		done
	fi
}

mariadb_up() { mariadb-admin ping >/dev/null 2>&1 || priv mariadb-admin ping >/dev/null 2>&1; }
redis_up() { redis-cli -p "$1" ping >/dev/null 2>&1; }

# MariaDB's default 128 MB buffer pool makes national reports read from disk: give it a quarter of the
# memory (at most 8 GB), as Frappe's production guides advise, and a redo log to match. Only a MariaDB
# these scripts installed (or whose file they wrote before) is tuned, or any with TUNE_MARIADB=1; it restarts only on a change.
MARIADB_CONF=/etc/mysql/mariadb.conf.d/90-profregister.cnf
tune_mariadb() {
	local mb wanted
	mb=$(awk '/MemTotal/ {print int($2 / 1024 / 4)}' /proc/meminfo)
	[ "$mb" -gt 8192 ] && mb=8192
	[ "$mb" -lt 256 ] && mb=256
	# A redo log of a quarter of the pool: the default 96 MB makes a national job's bulk writes wait
	# for checkpoints.
	wanted=$(printf '[mysqld]\ninnodb_buffer_pool_size = %sM\ninnodb_log_file_size = %sM\n' "$mb" $((mb / 4)))
	[ -d "$(dirname "$MARIADB_CONF")" ] || return 0
	[ "${INSTALLED_MARIADB:-0}" = 1 ] || [ "${TUNE_MARIADB:-0}" = 1 ] || [ -f "$MARIADB_CONF" ] || return 0
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

# A dedicated MariaDB account for bench; root's own password is never touched. Its credentials live in
# a MariaDB option file (mode 600), never on a command line.
# Secrets are written mode 600 from the first byte (umask), never readable for a moment.
write_secret() { (umask 077 && priv tee "$1" >/dev/null); }

db_admin_works() { priv mariadb --defaults-extra-file="$DB_ADMIN_FILE" -e "select 1" >/dev/null 2>&1; }

ensure_db_admin() {
	priv mkdir -p "$(dirname "$DB_ADMIN_FILE")"
	if [ -n "${DB_ROOT_PASSWORD:-}" ]; then
		printf '[client]\nuser=%s\npassword=%s\nhost=127.0.0.1\n' "${DB_ROOT_USER:-root}" "$DB_ROOT_PASSWORD" |
			write_secret "$DB_ADMIN_FILE"
	elif priv test -f "$DB_ADMIN_FILE" && ! priv grep -q '^\[client\]' "$DB_ADMIN_FILE"; then
		# The earlier two-line format: user, password.
		printf '[client]\nuser=%s\npassword=%s\nhost=127.0.0.1\n' "$(priv sed -n 1p "$DB_ADMIN_FILE")" \
			"$(priv sed -n 2p "$DB_ADMIN_FILE")" | write_secret "$DB_ADMIN_FILE.new"
		priv mv "$DB_ADMIN_FILE.new" "$DB_ADMIN_FILE"
	fi
	priv chown -R "$BENCH_USER:" "$(dirname "$DB_ADMIN_FILE")"
	# On a new machine there is no option file yet: it is written below, with the new account.
	if priv test -f "$DB_ADMIN_FILE"; then
		priv chmod 600 "$DB_ADMIN_FILE"
		db_admin_works && return
	fi
	[ -z "${DB_ROOT_PASSWORD:-}" ] || die "DB_ROOT_USER/DB_ROOT_PASSWORD do not log in to MariaDB"
	priv mariadb -e "select 1" >/dev/null 2>&1 ||
		die "Cannot reach MariaDB as root through its socket. Set DB_ROOT_USER and DB_ROOT_PASSWORD for an account that may create databases."
	log "Creating the MariaDB account $DB_ADMIN_USER for bench"
	local password
	password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
	printf '[client]\nuser=%s\npassword=%s\nhost=127.0.0.1\n' "$DB_ADMIN_USER" "$password" | write_secret "$DB_ADMIN_FILE"
	priv chown "$BENCH_USER:" "$DB_ADMIN_FILE"
	# The statements go through standard input, not the command line.
	priv mariadb <<-SQL
		CREATE USER IF NOT EXISTS '$DB_ADMIN_USER'@'localhost' IDENTIFIED BY '$password';
		CREATE USER IF NOT EXISTS '$DB_ADMIN_USER'@'127.0.0.1' IDENTIFIED BY '$password';
		ALTER USER '$DB_ADMIN_USER'@'localhost' IDENTIFIED BY '$password';
		ALTER USER '$DB_ADMIN_USER'@'127.0.0.1' IDENTIFIED BY '$password';
		GRANT ALL PRIVILEGES ON *.* TO '$DB_ADMIN_USER'@'localhost' WITH GRANT OPTION;
		GRANT ALL PRIVILEGES ON *.* TO '$DB_ADMIN_USER'@'127.0.0.1' WITH GRANT OPTION;
		FLUSH PRIVILEGES;
	SQL
	db_admin_works || die "the MariaDB account $DB_ADMIN_USER does not log in"
}

# Runs a bench command that needs MariaDB's administrative account: Frappe reads root_login and
# root_password from common_site_config.json, where they stay only for the command's duration.
with_db_admin() {
	local rc=0
	BENCH_DIR_CWD=$BENCH_DIR as_bench "$BENCH_DIR/env/bin/python" - "$DB_ADMIN_FILE" set <<-'PY'
		import configparser, json, sys
		options = configparser.ConfigParser(); options.read(sys.argv[1])
		path = "sites/common_site_config.json"; conf = json.load(open(path))
		conf.update(root_login=options["client"]["user"], root_password=options["client"]["password"])
		json.dump(conf, open(path, "w"), indent=1)
	PY
	"$@" || rc=$?
	BENCH_DIR_CWD=$BENCH_DIR as_bench "$BENCH_DIR/env/bin/python" - <<-'PY'
		import json
		path = "sites/common_site_config.json"; conf = json.load(open(path))
		conf.pop("root_login", None); conf.pop("root_password", None)
		json.dump(conf, open(path, "w"), indent=1)
	PY
	return $rc
}

# A bench is whole when its env imports frappe and Frappe's assets are built; anything less is the
# remains of a failed init.
bench_is_whole() {
	[ -x "$BENCH_DIR/env/bin/python" ] && [ -f "$BENCH_DIR/sites/apps.txt" ] &&
		[ -d "$BENCH_DIR/sites/assets/frappe/dist" ] &&
		as_bench "$BENCH_DIR/env/bin/python" -c 'import frappe' 2>/dev/null
}

ensure_bench() {
	if [ -d "$BENCH_DIR" ] && ! bench_is_whole; then
		compgen -G "$BENCH_DIR/sites/*/site_config.json" >/dev/null &&
			die "$BENCH_DIR is incomplete but holds sites: repair it by hand (bench setup requirements; bench build)"
		log "Removing the incomplete bench $BENCH_DIR left by a failed run"
		priv rm -rf "$BENCH_DIR"
	fi
	if [ ! -d "$BENCH_DIR" ]; then
		log "Creating the bench $BENCH_DIR from $FRAPPE_SOURCE ($FRAPPE_BRANCH)"
		BENCH_DIR_CWD=$(dirname "$BENCH_DIR") as_bench bench init "$(basename "$BENCH_DIR")" \
			--frappe-path "$FRAPPE_SOURCE" --frappe-branch "$FRAPPE_BRANCH" --python "$BENCH_PYTHON" \
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
	# The local mail sink (start_mail_sink, bench start's mail process) runs from the bench's env.
	as_bench "$BENCH_DIR/env/bin/python" -c 'import aiosmtpd' 2>/dev/null ||
		BENCH_DIR_CWD=$BENCH_DIR as_bench "$BENCH_HOME/.bench-cli/bin/uv" pip install -q --python env/bin/python "aiosmtpd>=1.4,<2"
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
	local listed
	listed=$(mktemp)
	(cd "$CHECKOUT" && git ls-files -co --exclude-standard -z) >"$listed"
	(cd "$CHECKOUT" && priv rsync -a --from0 --files-from="$listed" ./ "$target/")
	# rsync's --delete does not reach files left out of --files-from: a file moved or deleted in the
	# checkout would linger in the stage and still import. Remove what the checkout no longer has
	# (bench's own outputs, the built assets, caches and node_modules stay).
	(cd "$target" && priv find . -type f -not -path './node_modules/*' -not -path '*/__pycache__/*' \
		-not -path './*.egg-info/*' -not -path '*/public/dist/*' -printf '%P\0' | sort -z) |
		comm -z -23 - <(tr '\0' '\n' <"$listed" | sort | tr '\n' '\0') |
		(cd "$target" && priv xargs -0 -r rm -f --)
	rm -f "$listed"
	priv find "$target" -mindepth 1 -type d -empty -not -path '*/node_modules/*' -delete
	priv chown -R "$BENCH_USER:" "$BENCH_HOME/.profregister"
	echo "$target"
}

# Drops and recreates a site with the app installed.
new_site() {
	local site=$1
	local admin
	admin=$(priv sed -n 's/^user=//p' "$DB_ADMIN_FILE")
	with_db_admin bench_cmd drop-site "$site" --force --no-backup --db-root-username "$admin" >/dev/null 2>&1 || true
	if site_exists "$site"; then
		# Half-made by a failed run (no database user yet): bench cannot drop it, so it is cleared by hand.
		local db
		db=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("db_name", ""))' \
			"$BENCH_DIR/sites/$site/site_config.json")
		if [[ $db =~ ^[A-Za-z0-9_]+$ ]]; then
			priv mariadb --defaults-extra-file="$DB_ADMIN_FILE" -e "DROP DATABASE IF EXISTS \`$db\`; DROP USER IF EXISTS '$db'@'localhost', '$db'@'%';"
		fi
		priv rm -rf "${BENCH_DIR:?}/sites/$site"
	fi
	with_db_admin bench_cmd new-site "$site" --admin-password "$ADMIN_PASSWORD" --db-root-username "$admin" \
		--install-app "$APP"
	# bench new-site exits 0 when the site already exists: check that a new one lists the app (asked
	# again for a while: under other load the first answer has come back without it).
	local listed=""
	for _ in $(seq 10); do
		listed=$(bench_cmd --site "$site" list-apps 2>&1) && grep -q "^$APP" <<<"$listed" && break
		sleep 3
	done
	grep -q "^$APP" <<<"$listed" || die "could not create $site: list-apps says: $listed"
	bench_cmd --site "$site" set-config allow_tests true
	grep -q " $site\$" /etc/hosts || echo "127.0.0.1 $site" | priv tee -a /etc/hosts >/dev/null
}

site_exists() { [ -f "$BENCH_DIR/sites/$1/site_config.json" ]; }

# Serve SITE on PORT in the background (until stop_serving) and make it its own host_name: wkhtmltopdf
# fetches the print styles from the site, so PDFs need a site that answers. Listens on BIND_HOST
# (127.0.0.1 unless asked otherwise); the server runs in its own process group, recorded by pid.
PID_DIR=$BENCH_HOME/.profregister/run
serve_site() {
	local site=$1 port=$2
	stop_serving "$port"
	bench_cmd --site "$site" set-config host_name "http://$site:$port" >/dev/null
	as_bench mkdir -p "$PID_DIR"
	BENCH_DIR_CWD=$BENCH_DIR as_bench setsid bash -c 'echo $$ > "$0"; exec bench --site "$1" profregister-serve --port "$2" --host "$3"' \
		"$PID_DIR/serve-$port.pid" "$site" "$port" "${BIND_HOST:-127.0.0.1}" >"${SERVE_LOG:-/dev/null}" 2>&1 &
	for _ in $(seq 60); do curl -sf "http://$site:$port/api/method/ping" >/dev/null && return; sleep 1; done
	die "$site does not answer /api/method/ping on port $port"
}

stop_serving() { stop_group "$PID_DIR/serve-$1.pid"; }

# An RQ worker for the bench's queues in the background (until stop_worker): the Register Import runs on
# the long queue.
start_worker() {
	stop_worker
	as_bench mkdir -p "$PID_DIR"
	BENCH_DIR_CWD=$BENCH_DIR as_bench setsid bash -c 'echo $$ > "$0"; exec bench worker --queue long,default,short' \
		"$PID_DIR/worker.pid" >"${WORKER_LOG:-/dev/null}" 2>&1 &
	for _ in $(seq 30); do [ -s "$PID_DIR/worker.pid" ] && return; sleep 0.5; done
}

stop_worker() { stop_group "$PID_DIR/worker.pid"; }

# The local mail sink: an SMTP server on 127.0.0.1:PORT that keeps every message it is given, unsent, in
# the Maildir DIR (one file a message in DIR/new), where `dev_tool SITE mail` reads them. bench start
# runs it as its mail process (scripts/bootstrap); tests start it here, in its own process group.
MAIL_PORT=${MAIL_PORT:-2525}
MAIL_DIR=${MAIL_DIR:-$BENCH_DIR/mail}
mail_sink_command() { echo "$BENCH_DIR/env/bin/python -m aiosmtpd -n -l 127.0.0.1:$1 -c aiosmtpd.handlers.Mailbox $2"; }

start_mail_sink() {
	local port=${1:-$MAIL_PORT} dir=${2:-$MAIL_DIR}
	stop_mail_sink "$port"
	! port_accepts "$port" || die "port $port is taken by another process: choose another MAIL_PORT"
	as_bench mkdir -p "$PID_DIR"
	# shellcheck disable=SC2046 # the command's words
	BENCH_DIR_CWD=$BENCH_DIR as_bench setsid bash -c 'echo $$ > "$0"; exec "$@"' "$PID_DIR/mail-$port.pid" \
		$(mail_sink_command "$port" "$dir") >"${MAIL_LOG:-/dev/null}" 2>&1 &
	for _ in $(seq 60); do port_accepts "$port" && return; sleep 0.25; done
	die "the mail sink does not accept connections on port $port"
}

stop_mail_sink() { stop_group "$PID_DIR/mail-${1:-$MAIL_PORT}.pid"; }

# Tells SITE where its mail sink is (the demo's Email Account, dev_tool's mail, the mail tests).
mail_sink_config() {
	bench_cmd --site "$1" set-config --parse mail_sink "$(printf '{"port": %d, "maildir": "%s"}' "$2" "$3")" >/dev/null
}

# Whether something accepts TCP connections on 127.0.0.1:PORT.
port_accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Stop the process group whose leader's pid is in PIDFILE.
stop_group() {
	local pidfile=$1 pid
	pid=$(cat "$pidfile" 2>/dev/null || true)
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		priv kill -TERM -- "-$pid" 2>/dev/null || true
		for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
		priv kill -KILL -- "-$pid" 2>/dev/null || true
	fi
	priv rm -f "$pidfile"
}
