/**
 * Alerts: a run that dead-lettered records says so in one ERROR line and, when a webhook is
 * configured, in a JSON run summary posted to it.
 */
@NullMarked
package io.logbatch.alert;

import org.jspecify.annotations.NullMarked;
