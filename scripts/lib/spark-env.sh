# Shared by scripts/cluster and scripts/submit (sourced, never run): the project root, the JVM flags Spark's own
# launcher would add, the Spark jars Maven resolved for this project, and the shaded job jar.
#
# FULLBATCH_ROOT         the project folder
# FULLBATCH_SPARK_HOME   a SPARK_HOME layout made of the project's own Spark and Hadoop jars (target/spark-home)
# FULLBATCH_JVM_FLAGS    array: the --add-opens flags every Spark JVM started without Spark's launcher needs

FULLBATCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FULLBATCH_SPARK_HOME="$FULLBATCH_ROOT/target/spark-home"

# The list org.apache.spark.launcher.JavaModuleOptions holds in Spark 4.2 (see pom.xml, spark.jvm.flags).
FULLBATCH_JVM_FLAGS=(-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector)
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  FULLBATCH_JVM_FLAGS+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
FULLBATCH_JVM_FLAGS+=(--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true)

# Executors started by a Worker find their classpath through the launcher library, which needs the Scala
# version when SPARK_HOME is not a Spark build tree (else: "Cannot find any build directories").
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.13}"

# Makes $FULLBATCH_SPARK_HOME/jars hold the provided-scope jars of pom.xml (Spark, Hadoop and their
# dependencies, about 320 MB), once: the marker file is written only after a complete copy.
fullbatch_prepare_spark_home() {
  local marker="$FULLBATCH_SPARK_HOME/.fullbatch-jars-complete"
  if [ -f "$marker" ] && [ ! "$FULLBATCH_ROOT/pom.xml" -nt "$marker" ]; then
    return 0
  fi
  echo "fullbatch: preparing $FULLBATCH_SPARK_HOME/jars from Maven (once; about 320 MB)..." >&2
  local tmp="$FULLBATCH_SPARK_HOME/jars.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$FULLBATCH_SPARK_HOME"
  if ! (cd "$FULLBATCH_ROOT" && mvn -q -B dependency:copy-dependencies -DincludeScope=provided \
        -DoutputDirectory="$tmp") >&2; then
    rm -rf "$tmp"
    echo "fullbatch: could not copy the Spark jars with Maven (see above)" >&2
    return 1
  fi
  rm -rf "$FULLBATCH_SPARK_HOME/jars"
  mv "$tmp" "$FULLBATCH_SPARK_HOME/jars"
  touch "$marker"
}

# Prints the job jar, building it first when it is missing or older than the sources (as scripts/fullbatch
# does). FULLBATCH_JAR names a jar to use as it is (tests pass the one Maven just built).
fullbatch_job_jar() {
  if [ -n "${FULLBATCH_JAR:-}" ]; then
    if [ ! -f "$FULLBATCH_JAR" ]; then
      echo "fullbatch: FULLBATCH_JAR=$FULLBATCH_JAR does not exist" >&2
      return 1
    fi
    echo "$FULLBATCH_JAR"
    return 0
  fi
  local jar="$FULLBATCH_ROOT/target/fullbatch.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$FULLBATCH_ROOT/src/main" "$FULLBATCH_ROOT/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    echo "fullbatch: building target/fullbatch.jar (first time: Maven downloads Spark, a few minutes)..." >&2
    (cd "$FULLBATCH_ROOT" && mvn -q -B -DskipTests package) >&2 || return 1
  fi
  echo "$jar"
}
