package dev.fullbatch.data;

/**
 * One kept value of a categorical column and the number of training rows that had it.
 *
 * @param value the raw value (its text as read; an integer column's decimal form), or null for a missing value
 * @param rows training rows with this value
 */
public record CategoryLevel(String value, long rows) implements java.io.Serializable {
}
