package io.logbatch.parsing;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.logbatch.parsing.InvalidRecordException.Reason;

import static io.logbatch.parsing.LogfmtParserTests.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code pattern} format on lines that Log4j 2, Logback (as Spring Boot configures it), Kafka's log4j
 * layout and rsyslog write.
 */
class PatternParserTests {

	/** Spring Boot 2's default Logback layout: {@code %d %5p PID --- [%15.15t] %-40.40logger{39} : %m%n%wEx}. */
	static final String SPRING_BOOT_2 = "(?<timestamp>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3})\\s+(?<level>[A-Z]+) "
			+ "(?<pid>\\d+) --- \\[\\s*(?<thread>[^\\]]*)\\] (?<logger>\\S+)\\s* : (?<message>.*)";

	/**
	 * A Spring Boot 2.0 application's startup failure, a Logback event of 27 lines (a blog post on GitHub
	 * about a Dubbo filter).
	 */
	static final String SPRING_BOOT_FAILURE = """
			2018-08-28 09:01:19.390 ERROR 8816 --- [           main] o.s.boot.SpringApplication               : Application run failed

			org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'ServiceBean: alarmServiceImpl: com.mc.alarm.api.service.AlarmService': Error setting property values; nested exception is org.springframework.beans.PropertyBatchUpdateException; nested PropertyAccessExceptions (1) are:
			PropertyAccessException 1: org.springframework.beans.MethodInvocationException: Property 'filter' threw exception; nested exception is java.lang.IllegalStateException: No such extension traceIdFilter for filter/com.alibaba.dubbo.rpc.Filter
			\tat org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.applyPropertyValues(AbstractAutowireCapableBeanFactory.java:1648) ~[spring-beans-5.0.7.RELEASE.jar:5.0.7.RELEASE]
			\tat org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.populateBean(AbstractAutowireCapableBeanFactory.java:1363) ~[spring-beans-5.0.7.RELEASE.jar:5.0.7.RELEASE]
			\tat org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.doCreateBean(AbstractAutowireCapableBeanFactory.java:580) ~[spring-beans-5.0.7.RELEASE.jar:5.0.7.RELEASE]
			\tat org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.createBean(AbstractAutowireCapableBeanFactory.java:503) ~[spring-beans-5.0.7.RELEASE.jar:5.0.7.RELEASE]
			\tat org.springframework.beans.factory.support.AbstractBeanFactory.lambda$doGetBean$0(AbstractBeanFactory.java:317) ~[spring-beans-5.0.7.RELEASE.jar:5.0.7.RELEASE]
			\tat org.springframework.beans.factory.support.DefaultSingletonBeanRegistry.getSingleton(DefaultSingletonBeanRegistry.java:222) ~[spring-beans-5.0.7.RELEASE.jar:5.0.7.RELEASE]
			\tat org.springframework.beans.factory.support.AbstractBeanFactory.doGetBean(AbstractBeanFactory.java:315) ~[spring-beans-5.0.7.RELEASE.jar:5.0.7.RELEASE]
			\tat org.springframework.beans.factory.support.AbstractBeanFactory.getBean(AbstractBeanFactory.java:199) ~[spring-beans-5.0.7.RELEASE.jar:5.0.7.RELEASE]
			\tat org.springframework.beans.factory.support.DefaultListableBeanFactory.preInstantiateSingletons(DefaultListableBeanFactory.java:760) ~[spring-beans-5.0.7.RELEASE.jar:5.0.7.RELEASE]
			\tat org.springframework.context.support.AbstractApplicationContext.finishBeanFactoryInitialization(AbstractApplicationContext.java:869) ~[spring-context-5.0.7.RELEASE.jar:5.0.7.RELEASE]
			\tat org.springframework.context.support.AbstractApplicationContext.refresh(AbstractApplicationContext.java:550) ~[spring-context-5.0.7.RELEASE.jar:5.0.7.RELEASE]
			\tat org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext.refresh(ServletWebServerApplicationContext.java:140) ~[spring-boot-2.0.3.RELEASE.jar:2.0.3.RELEASE]
			\tat org.springframework.boot.SpringApplication.refresh(SpringApplication.java:759) [spring-boot-2.0.3.RELEASE.jar:2.0.3.RELEASE]
			\tat org.springframework.boot.SpringApplication.refreshContext(SpringApplication.java:395) [spring-boot-2.0.3.RELEASE.jar:2.0.3.RELEASE]
			\tat org.springframework.boot.SpringApplication.run(SpringApplication.java:327) [spring-boot-2.0.3.RELEASE.jar:2.0.3.RELEASE]
			\tat org.springframework.boot.SpringApplication.run(SpringApplication.java:1255) [spring-boot-2.0.3.RELEASE.jar:2.0.3.RELEASE]
			\tat org.springframework.boot.SpringApplication.run(SpringApplication.java:1243) [spring-boot-2.0.3.RELEASE.jar:2.0.3.RELEASE]
			\tat com.hcycom.mc.alarm.provider.McAlarmProviderApplication.main(McAlarmProviderApplication.java:10) [classes/: na]
			Caused by: org.springframework.beans.PropertyBatchUpdateException: Failed properties: Property 'filter' threw exception; nested exception is java.lang.IllegalStateException: No such extension traceIdFilter for filter/com.alibaba.dubbo.rpc.Filter
			\tat org.springframework.beans.AbstractPropertyAccessor.setPropertyValues(AbstractPropertyAccessor.java:122) ~[spring-beans-5.0.7.RELEASE.jar:5.0.7.RELEASE]
			\tat org.springframework.beans.AbstractPropertyAccessor.setPropertyValues(AbstractPropertyAccessor.java:77) ~[spring-beans-5.0.7.RELEASE.jar:5.0.7.RELEASE]
			\tat org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.applyPropertyValues(AbstractAutowireCapableBeanFactory.java:1644) ~[spring-beans-5.0.7.RELEASE.jar:5.0.7.RELEASE]
			\t... 17 common frames omitted
			""";

	/** Kafka's broker layout, {@code [%d] %p %m (%c)%n}, with a stack trace after the logger. */
	static final String KAFKA = "\\[(?<timestamp>[^\\]]+)\\] (?<level>[A-Z]+) (?<message>.*?) \\((?<logger>[^()\\s]+)\\)"
			+ "(?:\\n(?<stackTrace>.*))?";

	private static final long RECORD_TIME = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

	@Test
	void readsLog4j2DefaultLayoutCompletingItsDateFromTheRecordTime() {
		// given Log4j 2's DefaultConfiguration layout, %d{HH:mm:ss.SSS} [%t] %-5level %logger{36} - %msg%n, and
		// the line that the Log4j manual (configuration.html) shows it writing
		RecordParser parser = parser("(?<timestamp>\\S+) \\[(?<thread>[^\\]]*)\\] (?<level>\\S+)\\s+(?<logger>\\S+) - "
				+ "(?<message>.*)", "HH:mm:ss.SSS", "Europe/Berlin");
		String line = "17:13:01.540 [main] ERROR com.foo.Bar - Did it again!\n";

		// when read a minute after midnight UTC, which is 01:01 in Berlin
		LogEvent event = parser.events(record(line, Instant.parse("2026-03-02T00:01:00Z").toEpochMilli())).get(0);

		// then: 17:13 Berlin nearest the record time is the evening before
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-03-01T16:13:01.540Z"));
		assertThat(event.level()).isEqualTo("ERROR");
		assertThat(event.message()).isEqualTo("Did it again!");
		assertThat(event.attributes()).isEqualTo("{\"thread\":\"main\",\"logger\":\"com.foo.Bar\"}");
		assertThat(event.eventId()).hasSize(64);
		assertThat(event.publishedAt()).isEqualTo(Instant.parse("2026-03-02T00:01:00Z"));
	}

	@Test
	void readsSpringBoot3LineWithoutTimestampFormatAsIso8601() {
		// given Spring Boot 3's default console layout as its reference documentation (logging.html) shows it,
		// the application name in the service group
		RecordParser parser = parser("(?<timestamp>\\S+)\\s+(?<level>[A-Z]+) (?<pid>\\d+) --- \\[(?<service>[^\\]]*)\\] "
				+ "\\[\\s*(?<thread>[^\\]]*)\\] (?<logger>\\S+)\\s* : (?<message>.*)", null, null);
		String line = "2026-02-19T12:22:37.451Z  INFO 128443 --- [myapp] [           main] "
				+ "o.s.b.d.f.logexample.MyApplication       : Starting MyApplication using Java 25.0.2 with PID 128443 "
				+ "(/opt/apps/myapp.jar started by myuser in /opt/apps/)";

		// when
		LogEvent event = parser.events(record(line, RECORD_TIME)).get(0);

		// then
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-02-19T12:22:37.451Z"));
		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.service()).isEqualTo("myapp");
		assertThat(event.message())
			.isEqualTo("Starting MyApplication using Java 25.0.2 with PID 128443 (/opt/apps/myapp.jar started by myuser in /opt/apps/)");
		assertThat(event.attributes())
			.isEqualTo("{\"pid\":\"128443\",\"thread\":\"main\",\"logger\":\"o.s.b.d.f.logexample.MyApplication\"}");
	}

	@Test
	void takesAStackTraceIntoTheMessageOfASpringBootEvent() {
		// given
		RecordParser parser = parser(SPRING_BOOT_2, "yyyy-MM-dd HH:mm:ss.SSS", "Asia/Shanghai");

		// when
		LogEvent event = parser.events(record(SPRING_BOOT_FAILURE, RECORD_TIME)).get(0);

		// then
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2018-08-28T01:01:19.390Z"));
		assertThat(event.level()).isEqualTo("ERROR");
		assertThat(event.message()).startsWith("Application run failed\n\norg.springframework.beans.factory.BeanCreationException: ")
			.endsWith("\n\t... 17 common frames omitted")
			.hasLineCount(27);
		assertThat(event.attributes())
			.isEqualTo("{\"pid\":\"8816\",\"thread\":\"main\",\"logger\":\"o.s.boot.SpringApplication\"}");
	}

	@Test
	void keepsAStackTraceAfterTheLoggerInAGroupOfItsOwn() {
		// given two events of a Kafka 2.0 broker's server.log (elastic/beats kafka module test log)
		RecordParser parser = parser(KAFKA, "yyyy-MM-dd HH:mm:ss,SSS", null);
		String withTrace = "[2018-10-17 12:57:18,400] ERROR [ReplicaFetcher replicaId=10, leaderId=30, fetcherId=0] "
				+ "Error for partition test-3-0 at offset 0 (kafka.server.ReplicaFetcherThread)\n"
				+ "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this "
				+ "topic-partition.";
		String plain = "[2018-10-17 12:58:47,490] INFO Terminating process due to signal SIGTERM "
				+ "(org.apache.kafka.common.utils.LoggingSignalHandler)";

		// when
		LogEvent error = parser.events(record(withTrace, RECORD_TIME)).get(0);
		LogEvent info = parser.events(record(plain, RECORD_TIME)).get(0);

		// then: a group that took part in no match is absent
		assertThat(error.occurredAt()).isEqualTo(Instant.parse("2018-10-17T12:57:18.400Z"));
		assertThat(error.message())
			.isEqualTo("[ReplicaFetcher replicaId=10, leaderId=30, fetcherId=0] Error for partition test-3-0 at offset 0");
		assertThat(error.attributes()).isEqualTo("{\"logger\":\"kafka.server.ReplicaFetcherThread\",\"stackTrace\":"
				+ "\"org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this "
				+ "topic-partition.\"}");
		assertThat(info.message()).isEqualTo("Terminating process due to signal SIGTERM");
		assertThat(info.attributes()).isEqualTo("{\"logger\":\"org.apache.kafka.common.utils.LoggingSignalHandler\"}");
	}

	@Test
	void givesATimestampWithoutYearTheYearThatSyslogWould() {
		// given an rsyslog file line (from a Prometheus install guide on GitHub) read by a pattern
		RecordParser parser = parser("(?<timestamp>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d) (?<host>\\S+) "
				+ "(?<service>[^\\[]+)\\[(?<pid>\\d+)\\]: (?<message>.*)", "MMM ppd HH:mm:ss", null);
		String line = "Mar 26 11:59:10 ip-172-31-41-126 prometheus[16374]: level=info "
				+ "ts=2019-03-26T11:59:10.893770598Z caller=main.go:655 msg=\"TSDB started\"";

		// when read the day before and the day after its date in 2027
		LogEvent early = parser.events(record(line, Instant.parse("2027-03-25T12:00:00Z").toEpochMilli())).get(0);
		LogEvent late = parser.events(record(line, Instant.parse("2027-03-27T12:00:00Z").toEpochMilli())).get(0);

		// then: at most one day after the record time
		assertThat(early.occurredAt()).isEqualTo(Instant.parse("2027-03-26T11:59:10Z"));
		assertThat(late.occurredAt()).isEqualTo(Instant.parse("2027-03-26T11:59:10Z"));
		assertThat(early.host()).isEqualTo("ip-172-31-41-126");
		assertThat(early.service()).isEqualTo("prometheus");
		assertThat(early.attributes()).isEqualTo("{\"pid\":\"16374\"}");
	}

	@Test
	void takesTheEventIdFromItsGroup() {
		// given a Heroku router line (from a Heroku app's README on GitHub), its request id as event id
		RecordParser parser = parser("(?<message>at=(?<level>\\S+) .* request_id=(?<eventId>[0-9a-f-]+) .*)", null, null);
		String line = "at=info method=GET path=\"/\" host=lorem-ipsum-demo-3.herokuapp.com "
				+ "request_id=8d328dc3-c614-4ac7-bf02-d3b46f14773c fwd=\"104.247.130.170\" dyno=web.1 connect=1ms "
				+ "service=39ms status=200 bytes=915 protocol=https";

		// when
		LogEvent event = parser.events(record(line, RECORD_TIME)).get(0);

		// then
		assertThat(event.eventId()).isEqualTo("8d328dc3-c614-4ac7-bf02-d3b46f14773c");
		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.message()).isEqualTo(line);
		assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochMilli(RECORD_TIME));
		assertThat(event.attributes()).isNull();
	}

	@Test
	void rejectsALineThatDoesNotMatchTheWholePatternAsNoMatch() {
		// given Spring Boot 2's layout and Log4j 2's default line (the Log4j manual)
		RecordParser parser = parser(SPRING_BOOT_2, "yyyy-MM-dd HH:mm:ss.SSS", null);

		// when / then
		assertThatExceptionOfType(InvalidRecordException.class)
			.isThrownBy(() -> parser.events(record("17:13:01.540 [main] ERROR com.foo.Bar - Did it again!")))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCH))
			.withMessageStartingWith("no-match: not pattern: the line does not match ");
	}

	@Test
	void rejectsATimestampOutsideItsFormatAsBadTimestamp() {
		// given Spring Boot 2's line, whose time has no offset, read as JSON reads timestamps
		RecordParser parser = parser(SPRING_BOOT_2, null, null);

		// when / then
		assertThatExceptionOfType(InvalidRecordException.class)
			.isThrownBy(() -> parser.events(record(SPRING_BOOT_FAILURE)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.BAD_TIMESTAMP))
			.withMessageContaining("'timestamp'");
	}

	@Test
	void rejectsATimestampThatDoesNotFitTheTimestampFormatAsBadTimestamp() {
		// given the Kafka layout told that its times have a dot before the milliseconds
		RecordParser parser = parser(KAFKA, "yyyy-MM-dd HH:mm:ss.SSS", null);

		// when / then
		assertThatExceptionOfType(InvalidRecordException.class)
			.isThrownBy(() -> parser.events(record("[2018-10-17 12:58:47,490] INFO Terminating process due to signal "
					+ "SIGTERM (org.apache.kafka.common.utils.LoggingSignalHandler)")))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.BAD_TIMESTAMP))
			.withMessage("bad-timestamp: group 'timestamp' is '2018-10-17 12:58:47,490', not a time of timestamp-format "
					+ "'yyyy-MM-dd HH:mm:ss.SSS' in years 0001-9999");
	}

	static RecordParser parser(String pattern, String timestampFormat, String zone) {
		return InputFormat.PATTERN.parser(new FormatSettings(null, pattern, timestampFormat, zone),
				EventIdFallback.CONTENT_HASH, 1 << 20);
	}

}
