/** RFC 9457 problem details: the one error shape of every Encore REST endpoint. */
package dev.encore.support.problem;
