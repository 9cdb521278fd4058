# Sourced by scripts that run the project's classes (cocoi, local-cluster, reliability), from the
# repository root: builds the jobs module and the thin job jar when a source or pom changed since
# the last build, and sets COCOI_CLASSPATH (this checkout's classes, then Maven's cache).
stamp=jobs/target/cocoi.build-stamp
classpath_file=jobs/target/cocoi.classpath
if [[ ! -f "$stamp" || ! -f "$classpath_file" || ! -f jobs/target/cocoi-job.jar ]] \
    || [[ -n "$(find pom.xml codec operators jobs -newer "$stamp" \
        \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
        -not -path '*/target/*' -print -quit)" ]]; then
    echo "cocoi: building the project (mvn install -DskipTests) ..." >&2
    mvn -B -q -pl jobs -am install -DskipTests >&2
    mvn -B -q -pl jobs dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile="$PWD/$classpath_file" >&2
    touch "$stamp"
fi

# The project's own modules come from their build folders, everything else from Maven's cache.
COCOI_DEPENDENCIES=$(tr ':' '\n' < "$classpath_file" | grep -v '/io/cocoi/' | paste -sd: -)
COCOI_CLASSPATH="$PWD/jobs/target/classes:$PWD/operators/target/classes:$PWD/codec/target/classes"
COCOI_CLASSPATH="$COCOI_CLASSPATH:$COCOI_DEPENDENCIES"
export COCOI_CLASSPATH COCOI_DEPENDENCIES
