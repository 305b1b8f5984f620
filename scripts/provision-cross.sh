#!/usr/bin/env bash
# provision-cross.sh: what the embedded and WebAssembly phases need to run for real.
#
#   scripts/provision-cross.sh [--no-qemu] [--no-targets] [--force-fallback]
#
# 1. Rust targets thumbv7m-none-eabi and wasm32-unknown-unknown (and, when cheap,
#    wasm32-wasip1) for the toolchain that is active in this repository:
#    `rustup target add` first (under a 120 s timeout). Only when that fails, a
#    fallback toolchain is built from Debian's rustc-web packages (no rustup
#    download needed) and linked as a rustup toolchain; the caller then exports
#    TUTOR_CROSS_TOOLCHAIN=<name> and the tutor builds cross targets with
#    `cargo +<name>`.
# 2. qemu-system-arm: used from PATH when a working one is there; otherwise it is
#    extracted from Debian's .debs (with the libraries this machine lacks) into
#    ${XDG_CACHE_HOME:-$HOME/.cache}/tutor/cross/qemu and run through a wrapper
#    that sets LD_LIBRARY_PATH. Nothing is installed into /usr: installing the
#    qemu-system-arm package can replace or remove other QEMU packages.
#
# Idempotent: everything is cached under ${XDG_CACHE_HOME:-$HOME/.cache}/tutor/cross
# and a second run takes seconds. Measured on 2 cores: rustup targets about 4 s,
# QEMU 8-12 s (download and extract), the fallback toolchain about 2 minutes;
# a cached run 0.1 s (4 s when it re-checks the fallback's package versions). Progress goes to stderr; stdout holds only the
# KEY=value lines the caller should export, e.g.
#
#   eval "$(scripts/provision-cross.sh)"      # or: scripts/provision-cross.sh >> "$GITHUB_ENV"
#
# Options:
#   --no-qemu          skip QEMU
#   --no-targets       skip the Rust targets
#   --force-fallback   build the Debian fallback toolchain even if rustup could add
#                      the targets (to test the fallback)
# Environment:
#   XDG_CACHE_HOME            cache root (default ~/.cache)
#   TUTOR_CROSS_TOOLCHAIN     name of the fallback rustup toolchain (default tutor-cross)
#   TUTOR_CROSS_FALLBACK_WASI 1 = wasm32-wasip1 is required too: from rustup, or
#                             else built by the fallback (about +80 s); CI sets it
#   TUTOR_CROSS_DEB_VERSION   pin the rustc-web version of the fallback
set -euo pipefail

log() { printf '[provision-cross %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

WANT_QEMU=1 WANT_TARGETS=1 FORCE_FALLBACK=0
for arg in "$@"; do
    case $arg in
        --no-qemu) WANT_QEMU=0 ;;
        --no-targets) WANT_TARGETS=0 ;;
        --force-fallback) FORCE_FALLBACK=1 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$arg' (see --help)" ;;
    esac
done

# The toolchain that matters is the one active in the repository (rust-toolchain files).
cd "$(dirname "$(readlink -f "$0")")/.."

REQUIRED_TARGETS="thumbv7m-none-eabi wasm32-unknown-unknown"
OPTIONAL_TARGETS="wasm32-wasip1"
if [ "${TUTOR_CROSS_FALLBACK_WASI:-0}" = 1 ]; then # the course's WASI exercise must run
    REQUIRED_TARGETS="$REQUIRED_TARGETS $OPTIONAL_TARGETS" OPTIONAL_TARGETS=""
fi
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/tutor/cross
DEBS=$CACHE/debs
FALLBACK=${TUTOR_CROSS_TOOLCHAIN:-tutor-cross}
APT_OPTS=(-o APT::Sandbox::User=root -qq) # quiet, and no "_apt can't access" warning

case $(uname -m) in
    x86_64) MULTIARCH=x86_64-linux-gnu HOST=x86_64-unknown-linux-gnu ;;
    aarch64) MULTIARCH=aarch64-linux-gnu HOST=aarch64-unknown-linux-gnu ;;
    *) MULTIARCH=unknown HOST=unknown ;;
esac

have() { command -v "$1" >/dev/null 2>&1; }

# ------------------------------------------------------------------- apt ---
candidate() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/{print $2}'; }

APT_UPDATED=0
apt_update_once() {
    [ "$APT_UPDATED" = 1 ] && return 0
    [ "$(id -u)" = 0 ] || die "the package lists look stale or missing; run 'sudo apt-get update' and retry"
    log "running apt-get update"
    apt-get update -qq >&2 || die "apt-get update failed"
    APT_UPDATED=1
}

# ensure_candidate PKG [MIN_VERSION]: a downloadable version of PKG, updating the lists once if needed
ensure_candidate() {
    local v
    v=$(candidate "$1")
    if [ -z "$v" ] || [ "$v" = "(none)" ] || { [ -n "${2:-}" ] && dpkg --compare-versions "$v" lt "$2"; }; then
        apt_update_once
        v=$(candidate "$1")
    fi
    [ -n "$v" ] && [ "$v" != "(none)" ] || die "no installable version of $1 in the package lists"
    echo "$v"
}

deb_path() { # deb_path PKG VERSION -> cached .deb ("" if missing)
    local f=("$DEBS/${1}_${2//:/%3a}_"*.deb)
    [ -e "${f[0]}" ] && echo "${f[0]}" || true
}

download() { # download PKG=VERSION... (one apt-get call for all that are not cached)
    local spec missing=()
    mkdir -p "$DEBS"
    for spec in "$@"; do [ -n "$(deb_path "${spec%%=*}" "${spec#*=}")" ] || missing+=("$spec"); done
    [ ${#missing[@]} = 0 ] && return 0
    log "downloading ${missing[*]}"
    (cd "$DEBS" && apt-get "${APT_OPTS[@]}" download "${missing[@]}") >&2 || die "apt-get download failed"
    for spec in "${missing[@]}"; do
        [ -n "$(deb_path "${spec%%=*}" "${spec#*=}")" ] || die "download of $spec produced no file"
    done
}

# ------------------------------------------------------------ targets ---
# has_targets [+TOOLCHAIN] TARGET...: true when the toolchain's sysroot has every target
has_targets() {
    local tc=() sysroot t
    [[ ${1:-} == +* ]] && { tc=("$1"); shift; }
    sysroot=$(rustc "${tc[@]}" --print sysroot 2>/dev/null) || return 1
    for t in "$@"; do [ -d "$sysroot/lib/rustlib/$t" ] || return 1; done
}

rustup_targets() {
    have rustup || { log "rustup is not installed"; return 1; }
    # shellcheck disable=SC2086
    log "rustup target add $REQUIRED_TARGETS"
    # shellcheck disable=SC2086
    timeout 120 rustup target add $REQUIRED_TARGETS >&2 || { log "rustup target add failed"; return 1; }
    has_targets $REQUIRED_TARGETS || return 1
    local t
    for t in $OPTIONAL_TARGETS; do
        has_targets "$t" || timeout 60 rustup target add "$t" >&2 || log "optional target $t not added"
    done
}

# ------------------------------------------- Debian fallback toolchain ---
# A rustc sysroot from Debian's rustc-web packages, extracted into the cache with
# RUNPATHs patched, prebuilt core/alloc (thumb) and std (wasm) rlibs built from the
# vendored sources in rust-web-src, rust-lld from Debian's lld, and rustup's cargo.
fallback_resolve() {
    [ "$HOST" = x86_64-unknown-linux-gnu ] || die "the Debian fallback supports amd64 hosts only"
    have rustup || die "the Debian fallback needs rustup (to link the toolchain and to provide cargo)"
    V=${TUTOR_CROSS_DEB_VERSION:-$(ensure_candidate rustc-web 1.89)}
    dpkg --compare-versions "$V" ge 1.89 || die "rustc-web $V is too old for this course (needs 1.89)"
    depends() { apt-cache show "$1" 2>/dev/null | awk '/^Depends:/ && !done {print; done=1}'; }
    STD_PKG=$(depends "libstd-rust-web-dev=$V" | grep -o 'libstd-rust-web-[0-9.]*[0-9]' || true)
    LLVM_PKG=$(depends "$STD_PKG=$V" | grep -o 'libllvm[0-9]*' || true)
    LLVM_N=${LLVM_PKG#libllvm}
    LLVM_V=$(candidate "$LLVM_PKG")
    [ -n "$STD_PKG" ] && [ -n "$LLVM_PKG" ] && [ -n "$LLVM_V" ] || die "could not resolve the rustc-web package set"
    PREFIX=$CACHE/rust-$(echo "$V" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')
    SYSROOT=$PREFIX/usr
    SRC=$SYSROOT/lib/rustlib/src/rust/library
    FALLBACK_TARGETS=$REQUIRED_TARGETS
    STAMP_WANT="rustc-web=$V llvm=$LLVM_V targets=$FALLBACK_TARGETS"
}

fallback_install() {
    local specs=("rustc-web=$V" "libstd-rust-web-dev=$V" "$STD_PKG=$V" "rust-web-src=$V"
        "$LLVM_PKG=$LLVM_V" "lld-$LLVM_N=$LLVM_V") debs=() p PATCHELF
    have patchelf || specs+=("patchelf=$(ensure_candidate patchelf)")
    download "${specs[@]}"
    for p in "${specs[@]}"; do [[ $p == patchelf=* ]] || debs+=("$(deb_path "${p%%=*}" "${p#*=}")"); done
    PATCHELF=$(command -v patchelf || true)
    if [ -z "$PATCHELF" ]; then # use it from its .deb, without installing it
        dpkg -x "$(deb_path patchelf "$(candidate patchelf)")" "$CACHE/patchelf"
        PATCHELF=$CACHE/patchelf/usr/bin/patchelf
    fi
    log "extracting ${#debs[@]} packages into $PREFIX"
    rm -rf "$PREFIX.tmp" "$PREFIX"
    mkdir -p "$PREFIX.tmp"
    # rust-web-src ships the whole compiler source; only library/ is needed.
    local excl=(--anchored --no-wildcards-match-slash --exclude=./usr/share/doc --exclude=./usr/share/man
        --exclude='./usr/src/rustc-*/src' --exclude='./usr/src/rustc-*/compiler'
        --exclude='./usr/src/rustc-*/debian')
    for p in "${debs[@]}"; do dpkg-deb --fsys-tarfile "$p" | tar -x -C "$PREFIX.tmp" "${excl[@]}"; done
    local u=$PREFIX.tmp/usr f
    "$PATCHELF" --set-rpath "\$ORIGIN/../lib/$MULTIARCH" "$u/bin/rustc" "$u/bin/rustdoc"
    for f in "$u/lib/$MULTIARCH"/librustc_driver-*.so "$u/lib/$MULTIARCH"/libstd-*.so; do
        [ -e "$f" ] && "$PATCHELF" --set-rpath '$ORIGIN' "$f"
    done
    "$PATCHELF" --set-rpath "\$ORIGIN/../../$MULTIARCH" "$u/lib/llvm-$LLVM_N/bin/lld"
    # rustc looks for rust-lld (the default linker of thumbv* and wasm32) here:
    mkdir -p "$u/lib/rustlib/$HOST/bin"
    ln -sfn "../../../llvm-$LLVM_N/bin/lld" "$u/lib/rustlib/$HOST/bin/rust-lld"
    # `rustup toolchain link` wants bin/cargo; rustup's stable cargo drives this rustc fine.
    local cargo_bin
    cargo_bin=$(rustup which cargo --toolchain stable 2>/dev/null || rustup which cargo 2>/dev/null || true)
    [ -n "$cargo_bin" ] && [ -x "$cargo_bin" ] || die "no cargo binary found through rustup"
    ln -sfn "$cargo_bin" "$u/bin/cargo"
    mv "$PREFIX.tmp" "$PREFIX"
    [ "$("$SYSROOT/bin/rustc" --print sysroot)" = "$SYSROOT" ] || die "the extracted rustc does not run"
}

wasi_libc() { # Debian's wasi-libc, extracted into the cache; prints its lib dir
    local d=$CACHE/wasi-libc v
    if [ ! -f "$d/usr/lib/wasm32-wasi/libc.a" ]; then
        v=$(ensure_candidate wasi-libc)
        download "wasi-libc=$v"
        rm -rf "$d"
        dpkg -x "$(deb_path wasi-libc "$v")" "$d"
    fi
    echo "$d/usr/lib/wasm32-wasi"
}

fallback_sysroot() { # fallback_sysroot TARGET: prebuilt rlibs for TARGET
    local t=$1 crates feats="" extra="" work=$CACHE/sysroot-build lib f
    case $t in
        *-none*) crates=core,alloc feats=compiler-builtins-mem ;;
        wasm32-unknown-unknown) crates=std,panic_abort feats=compiler-builtins-mem ;;
        wasm32-wasip1) crates=std,panic_abort extra="-Lnative=$(wasi_libc)" ;;
        *) die "target $t is not supported by the fallback" ;;
    esac
    mkdir -p "$work/src"
    printf '[package]\nname = "sysroot-dummy"\nversion = "0.0.0"\nedition = "2021"\n[lib]\npath = "src/lib.rs"\n[profile.release]\ndebug = 0\n[workspace]\n' >"$work/Cargo.toml"
    echo '#![no_std]' >"$work/src/lib.rs"
    rm -rf "$work/target-$t"
    log "building $crates for $t"
    (cd "$work" && env -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS -u CARGO_BUILD_TARGET \
        -u RUSTUP_TOOLCHAIN -u CARGO_TARGET_DIR -u CARGO_BUILD_RUSTFLAGS \
        RUSTC="$SYSROOT/bin/rustc" RUSTDOC="$SYSROOT/bin/rustdoc" RUSTC_BOOTSTRAP=1 \
        RUSTFLAGS="-Cembed-bitcode=yes${extra:+ $extra}" \
        "$SYSROOT/bin/cargo" build --release --quiet --offline --target "$t" \
        -Zbuild-std="$crates" ${feats:+-Zbuild-std-features=$feats} \
        --target-dir "$work/target-$t" \
        --config "source.crates-io.replace-with='vendored-std'" \
        --config "source.vendored-std.directory='$SRC/vendor'") >&2 ||
        die "the sysroot build for $t failed"
    # Exactly one rlib per crate name may be in the libdir (else E0464).
    lib=$SYSROOT/lib/rustlib/$t/lib
    rm -rf "$lib"
    mkdir -p "$lib"
    for f in "$work/target-$t/$t/release/deps"/lib*.rlib; do
        case $f in */libsysroot_dummy-*) ;; *) cp "$f" "$lib/" ;; esac
    done
    if [ "$t" = wasm32-wasip1 ]; then # rustc links these itself (self-contained)
        mkdir -p "$lib/self-contained"
        cp "$(wasi_libc)"/{crt1-command.o,crt1-reactor.o,libc.a} "$lib/self-contained/"
    fi
    rm -rf "$work/target-$t"
}

fallback_self_test() { # compile and link a tiny program for TARGET with the prebuilt sysroot
    local t=$1 d rc=0 rustc=$SYSROOT/bin/rustc
    d=$(mktemp -d)
    case $t in
        wasm32-wasip1)
            printf 'fn main() { println!("{:?}", std::collections::BTreeMap::from([(1, 2)])); }\n' >"$d/t.rs"
            "$rustc" --edition 2021 --target "$t" -O -o "$d/t.wasm" "$d/t.rs" || rc=1 ;;
        wasm32-*)
            printf '#![no_std]\n#[panic_handler] fn p(_: &core::panic::PanicInfo) -> ! { loop {} }\n#[no_mangle] pub extern "C" fn div(a: u64, b: u64) -> u64 { a / b }\n' >"$d/t.rs"
            "$rustc" --edition 2021 --target "$t" --crate-type cdylib -O -o "$d/t.wasm" "$d/t.rs" || rc=1 ;;
        *) # u64 division pulls __aeabi_uldivmod from compiler_builtins and links with rust-lld
            printf '#![no_std]\n#![no_main]\n#[panic_handler] fn p(_: &core::panic::PanicInfo) -> ! { loop {} }\n#[no_mangle] pub extern "C" fn _start() -> ! { let x = core::hint::black_box(1u64 << 40); core::hint::black_box(x / core::hint::black_box(7)); loop {} }\n' >"$d/t.rs"
            "$rustc" --edition 2021 --target "$t" --crate-type bin -O -o "$d/t.elf" "$d/t.rs" || rc=1 ;;
    esac
    printf '#![no_std]\nextern crate alloc;\npub fn f() -> alloc::vec::Vec<u8> { alloc::vec![1, 2] }\n' >"$d/a.rs"
    "$rustc" --edition 2021 --target "$t" --crate-type rlib --out-dir "$d" "$d/a.rs" || rc=1
    rm -rf "$d"
    return $rc
}

fallback_ready() { # the fallback toolchain is provisioned and linked
    [ -f "$CACHE/fallback.stamp" ] && have rustup || return 1
    # shellcheck disable=SC2086
    has_targets "+$FALLBACK" $REQUIRED_TARGETS 2>/dev/null
}

fallback_toolchain() {
    fallback_resolve
    local stamp=$PREFIX/.provisioned t cur
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$STAMP_WANT" ] && "$SYSROOT/bin/rustc" -V >/dev/null 2>&1; then
        log "fallback toolchain already built in $PREFIX"
    else
        if [ ! -x "$SYSROOT/bin/rustc" ] || ! grep -q "rustc-web=$V llvm=$LLVM_V " "$stamp" 2>/dev/null; then
            rm -f "$stamp"
            fallback_install
        fi
        for t in $FALLBACK_TARGETS; do
            if ! fallback_self_test "$t" 2>/dev/null; then
                fallback_sysroot "$t"
                fallback_self_test "$t" || die "the self-test of the fallback for $t failed"
            fi
        done
        echo "$STAMP_WANT" >"$stamp"
    fi
    cur=$(readlink -f "${RUSTUP_HOME:-$HOME/.rustup}/toolchains/$FALLBACK" 2>/dev/null || true)
    if [ "$cur" != "$SYSROOT" ]; then
        rustup toolchain uninstall "$FALLBACK" >/dev/null 2>&1 || true
        rustup toolchain link "$FALLBACK" "$SYSROOT" >&2
        log "rustup toolchain '$FALLBACK' -> $SYSROOT ($("$SYSROOT/bin/rustc" -V))"
    fi
    echo "$FALLBACK" >"$CACHE/fallback.stamp"
}

provision_targets() {
    # shellcheck disable=SC2086
    if [ "$FORCE_FALLBACK" = 0 ] && has_targets $REQUIRED_TARGETS; then
        log "targets already installed: $REQUIRED_TARGETS"
        return 0
    fi
    # rustup failed here before and the fallback is ready: don't wait for rustup again.
    if [ "$FORCE_FALLBACK" = 0 ] && [ -f "$CACHE/rustup-failed" ] && fallback_ready; then
        log "using the fallback toolchain '$FALLBACK' (rustup could not add the targets earlier)"
        echo "TUTOR_CROSS_TOOLCHAIN=$FALLBACK"
        return 0
    fi
    if [ "$FORCE_FALLBACK" = 0 ] && rustup_targets; then
        rm -f "$CACHE/rustup-failed"
        log "targets installed with rustup"
        return 0
    fi
    mkdir -p "$CACHE"
    [ "$FORCE_FALLBACK" = 1 ] || touch "$CACHE/rustup-failed"
    log "falling back to a toolchain built from Debian packages (2-3 minutes the first time)"
    have apt-get || die "no rustup targets and no apt-get: install the targets with 'rustup target add $REQUIRED_TARGETS'"
    fallback_toolchain
    echo "TUTOR_CROSS_TOOLCHAIN=$FALLBACK"
}

# ---------------------------------------------------------------- qemu ---
qemu_works() { # qemu_works BINARY: it runs and knows the board the embedded phase uses
    local boards
    [ -n "$1" ] && [ -x "$1" ] || return 1
    boards=$("$1" -machine help 2>/dev/null) || return 1
    grep -q '^lm3s6965evb ' <<<"$boards"
}

provision_qemu() {
    local q=$CACHE/qemu on_path
    on_path=$(command -v qemu-system-arm || true)
    if [ -n "${TUTOR_QEMU:-}" ] && qemu_works "$TUTOR_QEMU"; then
        log "QEMU: \$TUTOR_QEMU ($TUTOR_QEMU)"
        echo "TUTOR_QEMU=$TUTOR_QEMU"
        return 0
    fi
    if qemu_works "$on_path"; then
        log "QEMU: $on_path (on PATH)"
        echo "TUTOR_QEMU=$on_path"
        return 0
    fi
    if qemu_works "$q/bin/qemu-system-arm"; then
        log "QEMU: $q/bin/qemu-system-arm (cached)"
        echo "TUTOR_QEMU=$q/bin/qemu-system-arm"
        return 0
    fi
    have apt-get && have dpkg ||
        die "no qemu-system-arm found; install it (apt install qemu-system-arm, brew install qemu, dnf install qemu-system-arm) and retry"
    ensure_candidate qemu-system-arm >/dev/null
    log "extracting qemu-system-arm and the libraries this machine lacks into $q"
    # The packages apt *would* install (the dependencies not on this machine), only extracted.
    # "Inst libfdt1 (1.6.1-4+b1 Debian:12.15/oldstable [amd64])" -> libfdt1=1.6.1-4+b1
    local specs=() p
    mapfile -t specs < <(apt-get install -s --no-install-recommends qemu-system-arm 2>/dev/null |
        awk '/^Inst / && $2 !~ /^qemu-system-(gui|data)$/ {sub(/^\(/, "", $3); print $2 "=" $3}')
    [ ${#specs[@]} -gt 0 ] || specs=("qemu-system-arm=$(candidate qemu-system-arm)")
    download "${specs[@]}"
    rm -rf "$q.tmp" "$q"
    mkdir -p "$q.tmp/bin"
    for p in "${specs[@]}"; do dpkg -x "$(deb_path "${p%%=*}" "${p#*=}")" "$q.tmp"; done
    rm -rf "$q.tmp/usr/share/doc" "$q.tmp/usr/share/man"
    cat >"$q.tmp/bin/qemu-system-arm" <<EOF
#!/bin/sh
# qemu-system-arm extracted from Debian packages, with its private libraries.
root=\$(dirname "\$(dirname "\$(readlink -f "\$0")")")
LD_LIBRARY_PATH="\$root/usr/lib/$MULTIARCH:\$root/lib/$MULTIARCH\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" \\
    exec "\$root/usr/bin/qemu-system-arm" "\$@"
EOF
    chmod +x "$q.tmp/bin/qemu-system-arm"
    mv "$q.tmp" "$q"
    qemu_works "$q/bin/qemu-system-arm" || die "the extracted qemu-system-arm does not run"
    log "QEMU: $("$q/bin/qemu-system-arm" --version | sed -n 1p)"
    echo "TUTOR_QEMU=$q/bin/qemu-system-arm"
}

# ---------------------------------------------------------------- main ---
if [ "$WANT_TARGETS" = 1 ]; then provision_targets; fi
if [ "$WANT_QEMU" = 1 ]; then provision_qemu; fi
log "done"
