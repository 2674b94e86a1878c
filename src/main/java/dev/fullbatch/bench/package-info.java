/**
 * Benchmark harnesses: main classes that time fullbatch against other trainers on the same data and print the
 * commands, the machine's load and the numbers as Markdown. They use the library the way the job does and are
 * never run by the tests (speed is measured here, never asserted).
 */
package dev.fullbatch.bench;
