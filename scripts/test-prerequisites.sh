# Sourced by ./selfreg test: the Debian packages that two cross-checks need, installed when missing. PostgreSQL serves
# the Conductor-on-PostgreSQL system test, nifti-bin the NIfTI reference library's header check. Without them those
# tests fail saying what to install (never skip); the Python packages of the other cross-checks come from PyPI into a
# cached venv, made by the tests themselves (ReferencePython).
install_test_prerequisites() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || missing+=(postgresql)
  command -v nifti_tool >/dev/null || missing+=(nifti-bin)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "selfreg: installing ${missing[*]} for the cross-checks (apt-get) ..."
    if { apt-get -qq update && DEBIAN_FRONTEND=noninteractive apt-get -y -qq install "${missing[@]}"; } >/dev/null 2>&1
    then return 0; fi
  fi
  echo "selfreg: ${missing[*]} missing and not installable here (needs root and apt-get): install them," \
       "or the tests that need them fail" >&2
}
