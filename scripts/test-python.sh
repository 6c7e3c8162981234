#!/usr/bin/env bash
# Tests the Python package as a user gets it: builds the wheel, installs it
# into a fresh virtual environment with the pinned test requirements
# (pytest, pyarrow, pandas, PySpark, Ray, Dask), and runs its tests, which
# compare every way in (analyze, analyze_many, analyze_arrow, the Spark, Ray
# and Dask recipes) with the command line's records.
#
#   scripts/test-python.sh            # wheel built with the release profile
#   UNSPUN_WHEEL_PROFILE=dev scripts/test-python.sh    # quicker build (CI)
#
# Needs python3 (3.9+) with venv, and Java 17 for Spark (installed with
# apt-get when missing and possible).
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${UNSPUN_WHEEL_PROFILE:-release}"
venv="${UNSPUN_PYTHON_VENV:-target/python-venv}"
wheels="target/wheels-$profile"

if ! command -v java >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q -r crates/unspun-python/requirements-test.txt

rm -rf "$wheels"
"$venv/bin/maturin" build --locked --profile "$profile" -m crates/unspun-python/Cargo.toml \
    -i "$venv/bin/python" --out "$wheels"
"$venv/bin/python" -m pip install -q "$wheels"/unspun-*.whl
python="$(cd "$venv" && pwd)/bin/python"

# The command line the tests compare with.
if [ -z "${UNSPUN_BIN:-}" ]; then
    if [ ! -x target/debug/unspun ]; then cargo build --locked -q -p unspun-cli; fi
    UNSPUN_BIN="$PWD/target/debug/unspun"
fi
export UNSPUN_BIN
export UNSPUN_REQUIRE_ENGINES="${UNSPUN_REQUIRE_ENGINES:-1}"
cd crates/unspun-python/tests
"$python" -m pytest -q -p no:cacheprovider
