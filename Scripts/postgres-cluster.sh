#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tmkit's team-memory tests and benchmarks.
#
#   bash Scripts/postgres-cluster.sh start DIR    creates and starts a cluster in DIR (a new or
#                                                 empty folder) on 127.0.0.1 and a free port, with
#                                                 TLS (a certificate authority and a server
#                                                 certificate for localhost/127.0.0.1 made here)
#                                                 and a hot standby streaming from it on another
#                                                 port, and prints the lines to export:
#                                                 TMKIT_TEST_POSTGRES (the owner's URL),
#                                                 TMKIT_TEST_POSTGRES_READONLY (a read-only role),
#                                                 TMKIT_TEST_POSTGRES_STANDBY (the standby),
#                                                 TMKIT_TEST_POSTGRES_CA (the CA's certificate)
#   bash Scripts/postgres-cluster.sh stop DIR     stops both (the folder stays; remove it after)
#
# initdb and pg_ctl refuse to run as root: as root the cluster belongs to the `postgres` user
# (Debian's postgresql package creates it) and runs through `runuser -u postgres --`.
# Two roles with passwords (scram-sha-256 over TCP): `tmkit`, owner of the database `tmkit`,
# and `tmkit_reader`, which may only read it. PGBIN overrides /usr/lib/postgresql/15/bin;
# STANDBY=no starts the primary alone (benchmarks: a standby on the same machine takes CPU that
# one on its own machine would not).
set -euo pipefail
action="${1:-}"
dir="${2:-}"
[ -n "$action" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
bin="${PGBIN:-/usr/lib/postgresql/15/bin}"
[ -x "$bin/initdb" ] || { echo "no PostgreSQL server in $bin (apt-get install postgresql)" >&2; exit 2; }
as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi

case "$action" in
start)
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    [ "$(id -u)" -ne 0 ] || chown postgres "$dir"
    # A free port: ask the kernel for one, then hand it to the server.
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    password="tmkit-$RANDOM$RANDOM"
    (umask 077; printf '%s\n' "$password" > "$dir/.pw")
    [ "$(id -u)" -ne 0 ] || chown postgres "$dir/.pw"
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U tmkit --pwfile="$dir/.pw" -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 > "$dir/initdb.log"
    # TLS: a throw-away certificate authority and a server certificate it signs.
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=tmkit test CA" \
        -keyout "$dir/ca.key" -out "$dir/ca.crt" 2> /dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/server.key" -out "$dir/server.csr" 2> /dev/null
    printf 'subjectAltName = DNS:localhost, IP:127.0.0.1\n' > "$dir/server.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
        -extfile "$dir/server.ext" -out "$dir/server.crt" 2> /dev/null
    chmod 600 "$dir/server.key"
    [ "$(id -u)" -ne 0 ] || chown postgres "$dir/server.key" "$dir/server.crt" "$dir/ca.crt"
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off \
            -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key" start > /dev/null
    "${as_owner[@]}" "$bin/psql" -q -h "$dir" -p "$port" -U tmkit -d postgres -v ON_ERROR_STOP=1 <<SQL
CREATE DATABASE tmkit OWNER tmkit;
CREATE ROLE tmkit_reader LOGIN PASSWORD '$password';
SQL
    # What tmkit creates in the database later, the reader may read (and nothing else).
    "${as_owner[@]}" "$bin/psql" -q -h "$dir" -p "$port" -U tmkit -d tmkit -v ON_ERROR_STOP=1 <<SQL
ALTER DEFAULT PRIVILEGES FOR ROLE tmkit IN SCHEMA public GRANT SELECT ON TABLES TO tmkit_reader;
SQL
    echo "$port" > "$dir/port"
    echo "export TMKIT_TEST_POSTGRES=postgres://tmkit:$password@127.0.0.1:$port/tmkit"
    echo "export TMKIT_TEST_POSTGRES_READONLY=postgres://tmkit_reader:$password@127.0.0.1:$port/tmkit"
    echo "export TMKIT_TEST_POSTGRES_CA=$dir/ca.crt"
    [ "${STANDBY:-yes}" != no ] || exit 0
    # A hot standby: a base backup of the primary that goes on streaming its WAL.
    standby_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as_owner[@]}" env PGPASSWORD="$password" "$bin/pg_basebackup" -D "$dir/standby" -R -X stream --checkpoint=fast \
        -h 127.0.0.1 -p "$port" -U tmkit > "$dir/basebackup.log" 2>&1
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w \
        -o "-c listen_addresses=127.0.0.1 -c port=$standby_port -c unix_socket_directories=$dir -c fsync=off \
            -c hot_standby=on -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key" start > /dev/null
    echo "export TMKIT_TEST_POSTGRES_STANDBY=postgres://tmkit:$password@127.0.0.1:$standby_port/tmkit"
    ;;
stop)
    for cluster in standby data; do
        [ -d "$dir/$cluster" ] || continue
        "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/$cluster" -m fast -w stop > /dev/null || true
    done
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
