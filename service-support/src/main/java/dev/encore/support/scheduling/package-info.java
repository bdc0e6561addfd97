/** The one scheduler of every service: fixed-delay loops and one-shot delays, each run on a virtual thread. */
package dev.encore.support.scheduling;
