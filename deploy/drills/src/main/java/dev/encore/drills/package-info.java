/** Fault and hostile-input drills against the local stack: each replays one fault or attack and prints its figures. */
package dev.encore.drills;
