# Sourced by the operators' tool scripts: compiles codec and operators with Maven (from this
# worktree's sources, nothing installed) and sets OPERATORS_CLASSPATH to run their classes.
operators_classpath_file=operators/target/runtime.classpath
mvn -B -q -pl operators -am compile dependency:build-classpath \
    -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime >&2
OPERATORS_CLASSPATH="operators/target/classes:$(cat "$operators_classpath_file")"
export OPERATORS_CLASSPATH
