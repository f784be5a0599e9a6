# Sourced by the scripts that measure against PyTorch (bench/compute.sh, bench/minatar.sh): installs the
# peer, Debian's python3-torch with OpenBLAS as the system BLAS (its dense layers use it), when missing.
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null || ! dpkg-query -W -f='${Status}' libopenblas0 2>/dev/null \
    | grep -q 'install ok installed'; then
  sudo=""; [[ "$(id -u)" == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-torch libopenblas0 >/dev/null
fi
