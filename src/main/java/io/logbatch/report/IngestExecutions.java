package io.logbatch.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.logbatch.ingest.IngestSteps;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds executions of the ingestion job in Spring Batch's metadata. Selections the job
 * repository cannot express (newest first across instances, by consumer group) are one query
 * on the metadata tables that Flyway owns; the executions themselves come from the repository.
 */
@Component
public class IngestExecutions {

	private static final String NEWEST_FIRST = """
			SELECT e.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION e
			JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
			WHERE i.JOB_NAME = ? ORDER BY e.JOB_EXECUTION_ID DESC LIMIT ?""";

	/** The newest FAILED or STOPPED execution of a group that is the last of its instance. */
	private static final String LAST_RESTARTABLE = """
			SELECT e.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION e
			JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
			JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
			WHERE i.JOB_NAME = ? AND p.PARAMETER_NAME = ? AND p.PARAMETER_VALUE = ?
			AND e.STATUS IN ('FAILED', 'STOPPED')
			AND NOT EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION later
				WHERE later.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID AND later.JOB_EXECUTION_ID > e.JOB_EXECUTION_ID)
			ORDER BY e.JOB_EXECUTION_ID DESC LIMIT 1""";

	private final JobRepository jobRepository;

	private final JdbcTemplate jdbcTemplate;

	IngestExecutions(JobRepository jobRepository, JdbcTemplate jdbcTemplate) {
		this.jobRepository = jobRepository;
		this.jdbcTemplate = jdbcTemplate;
	}

	/** The consumer group an execution ran for. */
	public static String groupOf(JobExecution execution) {
		return Objects.requireNonNullElse(execution.getJobParameters().getString(IngestSteps.GROUP), "");
	}

	/** An execution of the ingestion job, with its partition steps. */
	public Optional<JobExecution> find(long executionId) {
		JobExecution found;
		try {
			found = this.jobRepository.getJobExecution(executionId);
		}
		catch (EmptyResultDataAccessException ex) {
			return Optional.empty();
		}
		return Optional.ofNullable(found)
			.filter((execution) -> IngestSteps.JOB_NAME.equals(execution.getJobInstance().getJobName()));
	}

	/** Executions of a group that the metadata shows running (STARTING, STARTED or STOPPING). */
	public List<JobExecution> running(String groupId) {
		return this.jobRepository.findRunningJobExecutions(IngestSteps.JOB_NAME)
			.stream()
			.filter((execution) -> groupId.equals(groupOf(execution)))
			.map((execution) -> find(execution.getId()).orElse(execution))
			.toList();
	}

	/** The execution {@code restart --last-failed} resumes, if there is one. */
	public Optional<JobExecution> lastRestartable(String groupId) {
		return this.jdbcTemplate
			.queryForList(LAST_RESTARTABLE, Long.class, IngestSteps.JOB_NAME, IngestSteps.GROUP, groupId)
			.stream()
			.findFirst()
			.flatMap(this::find);
	}

	/** Whether a newer execution of the same run exists: then this one was restarted already. */
	public Optional<JobExecution> laterExecutionOfSameRun(JobExecution execution) {
		JobExecution last = this.jobRepository.getLastJobExecution(execution.getJobInstance());
		return Optional.ofNullable(last).filter((candidate) -> candidate.getId() > execution.getId());
	}

	/** The newest executions of every group, newest first. */
	public List<JobExecution> recent(int limit) {
		return this.jdbcTemplate.queryForList(NEWEST_FIRST, Long.class, IngestSteps.JOB_NAME, limit)
			.stream()
			.flatMap((id) -> find(id).stream())
			.toList();
	}

	/** Whether an execution can be restarted, as far as its own status goes. */
	public static boolean isRestartable(JobExecution execution) {
		return execution.getStatus() == BatchStatus.FAILED || execution.getStatus() == BatchStatus.STOPPED;
	}

}
