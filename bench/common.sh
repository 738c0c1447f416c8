# Sourced by bench/*.sh: builds the modules and gives the test classpath of one module.
# Usage: module_classpath <module>  -> prints target/classes:target/test-classes:<dependencies>
module_classpath() {
  local module=$1
  mvn -q -B -ntp -o install -DskipTests -pl "$module" -am >/dev/null
  mvn -q -B -ntp -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
      -Dmdep.includeScope=test -pl "$module" >/dev/null
  echo "$module/target/classes:$module/target/test-classes:$(cat "$module/target/bench-classpath.txt")"
}
# reactor_classpath <module>: the same, built in the reactor from this checkout without installing into ~/.m2 (which
# other checkouts on the machine read); the module's reactor dependencies come as their target/classes.
reactor_classpath() {
  local module=$1
  mvn -q -B -ntp -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
      -Dmdep.includeScope=test -pl "$module" -am >/dev/null
  echo "$module/target/classes:$module/target/test-classes:$(cat "$module/target/bench-classpath.txt")"
}
source scripts/find-jdk.sh  # bench/run found the JDK (JAVA_HOME); jvm_flags gives the flags it needs
mapfile -t JVM_BENCH_FLAGS < <(jvm_flags)
# Logs to stderr: jhdf's jar ships a simplelogger.properties that would send them to stdout, where step servers answer.
JVM_BENCH_FLAGS+=(-Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  -Dorg.slf4j.simpleLogger.logFile=System.err)
