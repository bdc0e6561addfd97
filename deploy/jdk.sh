# Sourced by deploy/mvn, deploy/local/run and .ci/run: makes sure JAVA_HOME points at a JDK 21 or newer.
# Keeps a suitable JAVA_HOME (or java on PATH); otherwise takes the newest JDK >= 21 under /usr/lib/jvm.

encore_java_major() {  # prints the feature version of the java binary given as $1 (17, 21, 25, ...)
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

encore_pick_jdk() {
  local min=21 candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(encore_java_major "$JAVA_HOME/bin/java")
    [ "${major:-0}" -ge "$min" ] && return 0
  elif command -v java >/dev/null 2>&1; then
    major=$(encore_java_major java)
    if [ "${major:-0}" -ge "$min" ] && command -v javac >/dev/null 2>&1; then
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/; do
    [ -x "${candidate}bin/javac" ] || continue
    major=$(encore_java_major "${candidate}bin/java")
    if [ "${major:-0}" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
      best=${candidate%/}; best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "Encore needs a JDK $min or newer; found none (JAVA_HOME='${JAVA_HOME:-}', /usr/lib/jvm)." >&2
    echo "Install one (for example Temurin 21) and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}
