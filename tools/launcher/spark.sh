# Sourced by the advent launcher: the spark module, for --spark MASTER (evaluate, predict, fog, bench eval).
#
# It is built on first use of --spark (mvn install -pl spark -am), not by the default build, and runs from
# spark/target/advent-spark.jar + spark/target/lib/* (advent's jars and Spark's).

# Spark 3.5 on Java 17 needs these (its JavaModuleOptions; the same list is spark/pom.xml's spark.jvm.options).
ADVENT_SPARK_JVM_OPTIONS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false)

# advent_wants_spark ARGS...: whether the command line gives --spark (as "--spark M" or "--spark=M").
advent_wants_spark() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --spark | --spark=*) return 0 ;;
      --) return 1 ;;
    esac
  done
  return 1
}

# advent_spark_class_path ROOT [without-cpu-natives]: the spark jar and its lib/ (less the CPU natives when asked).
advent_spark_class_path() {
  local root="$1" cp="$1/spark/target/advent-spark.jar" jar
  for jar in "$root"/spark/target/lib/*.jar; do
    if [ -n "${2:-}" ] && [[ "$(basename "$jar")" == pytorch-native-cpu-* ]]; then
      continue
    fi
    cp="$cp:$jar"
  done
  echo "$cp"
}
