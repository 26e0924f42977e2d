package io.logbatch.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.logbatch.LogbatchProperties;
import io.logbatch.offsets.OffsetStore;
import io.logbatch.offsets.PartitionRanges;
import io.logbatch.scheduling.RunLock;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Everything {@code check} looks at, in the order it reports them: the brokers, each source topic
 * and its dead-letter topic, the remote workers (with {@code logbatch.workers=remote}), PostgreSQL,
 * the schema, the user's privileges, the group's lag and its run lock. A check that needs servers
 * that could not be reached is left out; the FAIL line of those servers says so. Never reads or
 * writes a record and never migrates. Every Kafka call waits at most the admin client's
 * {@code default.api.timeout.ms}, every connection PostgreSQL's connect timeout.
 */
public final class Checks {

	private final LogbatchProperties properties;

	private final KafkaChecks kafka;

	private final WorkerChecks workers;

	private final DatabaseChecks database;

	private final Supplier<RunLock> runLock;

	Checks(LogbatchProperties properties, Map<String, Object> adminConfig, DatabaseChecks database,
			Supplier<RunLock> runLock) {
		this.properties = properties;
		this.kafka = new KafkaChecks(adminConfig, properties);
		this.workers = new WorkerChecks(properties);
		this.database = database;
		this.runLock = runLock;
	}

	/** Runs every check that the servers' answers allow, in the order of the report. */
	public List<Check> run() {
		List<Check> checks = new ArrayList<>();
		try (AdminCalls kafka = this.kafka.connect(checks)) {
			boolean topicsExist = kafka != null && this.kafka.checkTopics(kafka, checks);
			if (kafka != null) {
				this.workers.check(kafka, checks);
			}
			DataSource dataSource = this.database.connect(checks);
			if (dataSource == null) {
				return checks;
			}
			boolean schemaExists = this.database.checkSchema(checks);
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			new StorePrivileges(jdbc, this.properties.writeMode()).check(checks);
			GroupChecks group = new GroupChecks(this.properties, this.runLock.get(), jdbc);
			if (kafka != null && topicsExist) {
				group.checkLag(schemaExists ? new PartitionRanges(kafka.admin(), new OffsetStore(jdbc),
						this.kafka.bootstrapServers()) : null, checks);
			}
			group.checkRunLock(schemaExists, checks);
			return checks;
		}
	}

}
