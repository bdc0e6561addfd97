/** Demo data for the local stack: an empty catalog gets a few artists, albums and songs. */
package dev.encore.graphql.demo;
