/**
 * The local stack: real backing servers started from Maven Central jars (no Docker), the launcher that runs them
 * with the four services, and the JUnit support that points a service under test at them.
 */
package dev.encore.local;
