#!/usr/bin/env bash
# Builds bench/gpu/bundle (ignored), all that bench/gpu/run.sh needs on a lent GPU machine with Python and PyTorch but
# no JDK and no network: a trimmed Java runtime, our classes and their runtime jars without libtorch (DJL loads the
# device's own, from its PyTorch) and the engine probe. Prints the bundle's size: `run` carries at most 64 MiB.
# Usage: bash bench/gpu/prepare.sh   (GPU_CHECK_JDK: the JDK to build and jlink with, default Temurin 25)
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${GPU_CHECK_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS=${MAVEN_OPTS:---enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow}
source scripts/find-jdk.sh  # jvm_flags, which bench/common.sh calls
source bench/common.sh
bundle=bench/gpu/bundle
rm -rf "$bundle"
mkdir -p "$bundle/lib"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "building model-kd and data-prep ..."
module_cp=$(module_classpath model-kd)
IFS=: read -ra classpath <<< "$module_cp"
for entry in "${classpath[@]}"; do
  case $entry in
    model-kd/target/classes) jar --create --file "$bundle/lib/model-kd.jar" -C "$entry" . ;;
    # The benchmark classes, without the test fixtures (7 MiB of .npz) that test-classes also holds.
    model-kd/target/test-classes)
      mkdir "$tmp/test-classes"
      (cd "$entry" && find . -name '*.class' -print0 | xargs -0 cp --parents -t "$tmp/test-classes")
      jar --create --file "$bundle/lib/model-kd-tests.jar" -C "$tmp/test-classes" . ;;
    # libtorch itself (107 MiB for the CPU, 2.4 GB for CUDA): the device's PyTorch brings it.
    */ai/djl/pytorch/pytorch-native-*) ;;
    # The JNI glue for several platforms: keep Linux x86-64, CUDA 12.4 for the device and CPU for a CPU-only torch,
    # each in both C++ ABIs (torch up to 2.6 is built with the pre-C++11 one, later ones with the C++11 one).
    */ai/djl/pytorch/pytorch-jni/*)
      mkdir "$tmp/jni"
      (cd "$tmp/jni" && jar --extract --file "$entry" jnilib/pytorch.properties \
        jnilib/linux-x86_64/{cu124,cu124-precxx11,cpu,cpu-precxx11}/libdjl_torch.so)
      jar --create --file "$bundle/lib/$(basename "$entry" .jar)-linux-x86_64.jar" -C "$tmp/jni" . ;;
    # The test framework, and data-prep's S3 storage (AWS SDK, Netty, HttpClient: 14 MiB) that training never reaches.
    */org/junit/* | */org/opentest4j/* | */org/apiguardian/* | */software/amazon/* | */io/netty/* \
      | */org/apache/httpcomponents/* | */org/reactivestreams/*) ;;
    *) cp "$entry" "$bundle/lib/" ;;
  esac
done

javac --release 21 -cp "$bundle/lib/*" -d "$tmp/probe" bench/gpu/EngineProbe.java
jar --create --file "$bundle/lib/gpu-probe.jar" -C "$tmp/probe" .

# jdeps --print-module-deps over these jars also names java.desktop (DJL's image classes, JNA's AWT helpers), java.sql
# and java.xml (optional Jackson and Gson type support) and java.compiler: nothing a training step loads (the dry run
# in README.md runs without them), and 15 MiB more.
modules=java.base,java.logging,java.management,jdk.unsupported
echo "linking a Java runtime with $modules ..."
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-9 --output "$bundle/jre"

{
  echo "built: $(date -u +%FT%TZ) from $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' + uncommitted')"
  echo "runtime: $("$bundle/jre/bin/java" -version 2>&1 | sed -n 2p), modules $modules"
  echo "jars: $(cd "$bundle/lib" && ls | paste -sd' ')"
} > "$bundle/BUILD.txt"
cat "$bundle/BUILD.txt"
du -sm --apparent-size "$bundle/jre" "$bundle/lib"
echo "bundle: $(du -sm --apparent-size "$bundle" | cut -f1) MiB in $bundle (run carries at most 64 MiB)"
