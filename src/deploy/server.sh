# office-site deploy: the part that runs on the server (or, for a local target, here).
#
# Run as  sh -c "$THIS_SCRIPT" office-site COMMAND PATH [ARGS…]  through ssh or directly.
# It needs only POSIX sh and the tools of a Linux host: sha256sum, flock (util-linux), GNU mv -T,
# date, find, readlink. It answers on standard output, one line at a time: data lines, then
# `ok` or `error MESSAGE`.
#
# PATH/releases/ID/site/       one release's public files
# PATH/releases/ID/manifest.json, SHA256SUMS, release-id   its record (not public)
# PATH/releases/ID.partial/    an upload in progress; removed by the next deploy
# PATH/current -> releases/ID/site   switched with one rename(2) of a new link over the old one
# PATH/history.log             one line per switch: time, deploy|rollback, new, old, who
# PATH/.deploy.lock            held (flock) by the deploy in progress; .deploy.owner says whose
#
# Commands: `list`, and `session OWNER WAIT`, which takes the lock (waiting up to WAIT seconds)
# and then reads commands from standard input until `end` or the end of input (a lost
# connection): `begin`, `create SUFFIX`, `list`, `verify ID SUMS_SHA MANIFEST_SHA`, `switch ID ACTION`,
# `prune KEEP`. The lock goes with the process, so a killed deploy never leaves it behind.

set -u
cmd=$1
P=$2
shift 2
R=$P/releases

err() { printf 'error %s\n' "$*"; }

# A release id: digits first, then letters, digits, `.`, `_` and `-` only (it names folders and
# is written into a history line; nothing in it needs quoting).
valid_id() {
    case $1 in
    [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T*) ;;
    *) return 1 ;;
    esac
    case $1 in
    *[!0-9A-Za-z._-]* | *.partial | *..*) return 1 ;;
    esac
    return 0
}

# The release `current` points to (nothing before the first deploy).
current_id() {
    t=$(readlink "$P/current" 2>/dev/null) || return 0
    case $t in
    releases/*/site) t=${t#releases/} && printf '%s' "${t%/site}" ;;
    esac
}

# A release's manifest on one line (manifests are written as one line; this keeps the protocol
# line-based whatever a hand-edited one holds).
manifest_line() {
    if [ -f "$R/$1/manifest.json" ]; then tr -d '\n\r' <"$R/$1/manifest.json"; fi
    echo
}

list() {
    printf 'current %s\n' "$(current_id)"
    for d in "$R"/*; do
        [ -d "$d" ] || continue
        id=${d##*/}
        case $id in
        *.partial) printf 'partial %s\n' "$id" ;;
        *) if valid_id "$id"; then printf 'release %s ' "$id" && manifest_line "$id"; fi ;;
        esac
    done
    echo ok
}

# PATH holds only what office-site puts there (and a .htaccess for Apache): a deploy never
# mixes its releases into someone else's folder.
check_layout() {
    others=
    for f in "$P"/* "$P"/.[!.]* "$P"/..?*; do
        [ -e "$f" ] || [ -L "$f" ] || continue
        case ${f##*/} in
        releases | current | history.log | .deploy.lock | .deploy.lock.d | .deploy.owner | .current.new | .htaccess) ;;
        *) others="$others ${f##*/}" ;;
        esac
    done
    if [ -n "$others" ]; then
        err "the folder $P holds files office-site did not put there:$others; deploy into an empty folder (the web server serves $P/current)"
        return 1
    fi
    if [ -e "$P/current" ] && [ ! -L "$P/current" ]; then
        err "$P/current is a folder, not the link office-site switches; move it away first"
        return 1
    fi
}

begin() {
    check_layout || return 0
    mkdir -p "$R" || { err "cannot create $R" && return 0; }
    # The web server reads releases/ whatever the deploying user's umask.
    chmod 755 "$R" 2>/dev/null
    # Uploads that never finished (a killed deploy, a lost connection): moved aside first, so an
    # rsync still dying on the other end writes into the trash, not into a new upload.
    for d in "$R"/*.partial "$R"/.trash-*; do
        [ -e "$d" ] || continue
        case ${d##*/} in
        *.partial) t="$R/.trash-${d##*/}-$$" && mv "$d" "$t" && printf 'cleaned %s\n' "${d##*/}" ;;
        *) t=$d ;;
        esac
        rm -rf "$t" 2>/dev/null
    done
    c=$(current_id)
    printf 'current %s\n' "$c"
    if [ -n "$c" ]; then printf 'manifest ' && manifest_line "$c"; fi
    echo ok
}

# A new release folder, named by the server's clock (so that ids sort in the order of deploys
# whoever deploys) and SUFFIX (the commit).
create() {
    now=$(date -u +%Y%m%dT%H%M%S)
    ms=$(date -u +%N 2>/dev/null | cut -c1-3)
    case $ms in [0-9][0-9][0-9]) ;; *) ms=000 ;; esac
    id=$now.${ms}Z-$1
    if ! valid_id "$id" || [ -e "$R/$id" ]; then
        err "cannot make the release id $id" && return 0
    fi
    mkdir "$R/$id.partial" && chmod 755 "$R/$id.partial" || { err "cannot create $R/$id.partial" && return 0; }
    printf 'release %s\n' "$id"
    echo ok
}

verify() {
    id=$1 d=$R/$1.partial
    if ! valid_id "$id" || [ ! -d "$d/site" ]; then err "no upload of release $id" && return 0; fi
    sums=$(cd "$d" && sha256sum SHA256SUMS manifest.json 2>&1) || { err "the release record did not arrive: $sums" && return 0; }
    want="$2  SHA256SUMS
$3  manifest.json"
    if [ "$sums" != "$want" ]; then err "the release record arrived altered" && return 0; fi
    out=$(cd "$d/site" && LC_ALL=C sha256sum --check --strict --quiet ../SHA256SUMS 2>&1) || {
        err "the upload does not match the manifest: $(printf '%s' "$out" | head -n 5 | tr '\n' ';')" && return 0
    }
    n=$(cd "$d/site" && find . ! -type d | wc -l)
    w=$(wc -l <"$d/SHA256SUMS")
    if [ "$n" -ne "$w" ]; then err "the upload holds $n files, the manifest $w" && return 0; fi
    if [ -n "$(cd "$d/site" && find . ! -type d ! -type f | head -n 1)" ]; then
        err "the upload holds something other than files and folders" && return 0
    fi
    # The files must be on disk before the release can go live, or a crash could publish
    # empty files.
    sync -f "$d/SHA256SUMS" 2>/dev/null || sync
    mv "$d" "$R/$id" || { err "cannot rename $d to $R/$id" && return 0; }
    echo ok
}

switch() {
    id=$1
    if ! valid_id "$id" || [ ! -d "$R/$id/site" ] || [ ! -f "$R/$id/manifest.json" ]; then
        err "there is no complete release $id" && return 0
    fi
    old=$(current_id)
    rm -f "$P/.current.new"
    ln -s "releases/$id/site" "$P/.current.new" || { err "cannot create $P/.current.new" && return 0; }
    # One rename(2): every request sees the old release or the new one, never a mix.
    mv -T "$P/.current.new" "$P/current" || { err "cannot switch $P/current (is mv GNU mv, with -T?)" && return 0; }
    printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$2" "$id" "${old:--}" "$owner" >>"$P/history.log"
    printf 'switched %s %s\n' "${old:--}" "$id"
    echo ok
}

# Keeps the newest KEEP releases and the current one; removes the others.
prune() {
    case $1 in '' | *[!0-9]*) err "keep: not a number" && return 0 ;; esac
    c=$(current_id)
    n=0
    for id in $(for d in "$R"/*; do
        [ -d "$d" ] && valid_id "${d##*/}" && printf '%s\n' "${d##*/}"
    done | LC_ALL=C sort -r); do
        n=$((n + 1))
        if [ "$n" -le "$1" ] || [ "$id" = "$c" ]; then continue; fi
        rm -rf "$R/$id" && printf 'removed %s\n' "$id"
    done
    echo ok
}

lock() {
    mkdir -p "$P" 2>/dev/null || { err "cannot create the folder $P" && exit 1; }
    if command -v flock >/dev/null 2>&1; then
        exec 9>>"$P/.deploy.lock" || { err "cannot open $P/.deploy.lock" && exit 1; }
        if ! flock -n 9; then
            [ "$1" -gt 0 ] && printf 'waiting %s\n' "$(tr -d '\n' <"$P/.deploy.owner" 2>/dev/null)"
            flock -w "$1" 9 || {
                err "another deploy holds the lock of $P: $(tr -d '\n' <"$P/.deploy.owner" 2>/dev/null)" && exit 1
            }
        fi
    else
        # No flock: a lock folder. It cannot vanish with a killed deploy, so a stale one is
        # reported with its owner for a person to remove.
        if ! mkdir "$P/.deploy.lock.d" 2>/dev/null; then
            err "another deploy holds the lock of $P (or a killed one left it: remove $P/.deploy.lock.d if none runs): $(tr -d '\n' <"$P/.deploy.lock.d/owner" 2>/dev/null)"
            exit 1
        fi
        trap 'rm -rf "$P/.deploy.lock.d"' EXIT
        trap 'exit 1' HUP INT TERM PIPE
        printf '%s (server pid %s)\n' "$owner" "$$" >"$P/.deploy.lock.d/owner"
    fi
    printf '%s (server pid %s)\n' "$owner" "$$" >"$P/.deploy.owner"
}

case $cmd in
list) list ;;
session)
    owner=$(printf '%s' "$1" | tr -d '\n\t')
    # A folder that is not ours is refused before the lock is taken: a refused deploy leaves
    # nothing behind in it (begin checks again, holding the lock).
    if [ -e "$P" ] || [ -L "$P" ]; then
        [ -d "$P" ] || { err "$P is not a folder" && exit 1; }
        check_layout || exit 1
    fi
    lock "$2"
    echo ok
    while IFS=' ' read -r c a b d; do
        case $c in
        begin) begin ;;
        create) create "$a" ;;
        list) list ;;
        verify) verify "$a" "$b" "$d" ;;
        switch) switch "$a" "$b" ;;
        prune) prune "$a" ;;
        end) break ;;
        *) err "unknown command: $c" ;;
        esac
    done
    rm -f "$P/.deploy.owner"
    ;;
*) err "unknown command: $cmd" ;;
esac
