#!/usr/bin/env bash
# Installs the Debian packages spsim needs, only those missing. Needs root or sudo.
set -euo pipefail

packages=(build-essential cmake pkg-config libgsl-dev librandom123-dev libyaml-dev libhdf5-dev hdf5-tools
          netcdf-bin python3-h5py python3-numpy python3-xarray python3-h5netcdf python3-netcdf4
          python3-matplotlib clang-format clang-tidy
          # checking scenarios against docs/scenario.schema.json
          python3-jsonschema python3-yaml
          # the report's browser test, the Excel export, the fuzzer and the MPI build
          chromium libxlsxwriter-dev clang openmpi-bin libopenmpi-dev
          # bench/counts.sh, on demand
          valgrind
          # the R recipe of docs/output.md, run by the suite
          r-base-core r-cran-ncdf4 r-cran-hdf5r)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "spsim: run as root or install sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "spsim: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
