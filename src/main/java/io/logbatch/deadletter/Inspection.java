package io.logbatch.deadletter;

import java.util.List;

/**
 * What {@code dlt inspect} found.
 *
 * @param deadLetterTopics the dead-letter topics read
 * @param deadLetters the newest dead letters that match, newest first, one per failed record
 * @param matching how many failed records match, shown or not
 * @param copies how many dead-letter records they have; more than {@code matching} when
 * records were dead-lettered more than once
 */
public record Inspection(List<String> deadLetterTopics, List<InspectedDeadLetter> deadLetters, int matching,
		int copies) {
}
