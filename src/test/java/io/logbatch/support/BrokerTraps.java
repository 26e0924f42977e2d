package io.logbatch.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.server.authorizer.AclCreateResult;
import org.apache.kafka.server.authorizer.AclDeleteResult;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.apache.kafka.server.authorizer.Authorizer;
import org.apache.kafka.server.authorizer.AuthorizerServerInfo;

/**
 * The test broker's authorizer: it allows everything, and can hold one kind of request on
 * the broker until the test releases it, so that a test knows a client is inside that call:
 * a consumer group's offset commit, or a produce to one topic. Kafka's authorizer plugin is
 * the one place a broker lets a test see requests arrive; nothing about the request changes.
 * It can also refuse the creation of one topic, as a broker whose operators create topics
 * themselves refuses it.
 */
public final class BrokerTraps implements Authorizer {

	private static volatile Trap armed;

	private static volatile String refusedTopic;

	/** Holds the next offset commits of a consumer group. */
	public static Trap holdOffsetCommits(String groupId) {
		return arm(new Trap(ApiKeys.OFFSET_COMMIT, new ResourcePattern(ResourceType.GROUP, groupId,
				org.apache.kafka.common.resource.PatternType.LITERAL)));
	}

	/** Holds the next produce requests to a topic. */
	public static Trap holdProducesTo(String topic) {
		return arm(new Trap(ApiKeys.PRODUCE, new ResourcePattern(ResourceType.TOPIC, topic,
				org.apache.kafka.common.resource.PatternType.LITERAL)));
	}

	/**
	 * Refuses to create a topic (TOPIC_AUTHORIZATION_FAILED) until the returned handle is
	 * closed; other topics are still created.
	 */
	public static AutoCloseable refuseCreationOf(String topic) {
		refusedTopic = topic;
		return () -> refusedTopic = null;
	}

	private static Trap arm(Trap trap) {
		armed = trap;
		return trap;
	}

	@Override
	public void configure(Map<String, ?> configs) {
	}

	@Override
	public Map<Endpoint, ? extends CompletionStage<Void>> start(AuthorizerServerInfo serverInfo) {
		return serverInfo.endpoints()
			.stream()
			.collect(Collectors.toMap(Function.identity(), (endpoint) -> CompletableFuture.completedFuture(null)));
	}

	@Override
	public List<AuthorizationResult> authorize(AuthorizableRequestContext context, List<Action> actions) {
		Trap trap = armed;
		if (trap != null) {
			for (Action action : actions) {
				trap.holdIfCaught(context.requestType(), action);
			}
		}
		String refused = refusedTopic;
		return actions.stream()
			.map((action) -> (refused != null && refuses(context.requestType(), action, refused))
					? AuthorizationResult.DENIED : AuthorizationResult.ALLOWED)
			.toList();
	}

	/**
	 * Kafka checks a topic's own CREATE permission only when the cluster-wide one is denied,
	 * so both are denied to topic creations while one topic is refused.
	 */
	private static boolean refuses(int requestType, Action action, String topic) {
		if (requestType != ApiKeys.CREATE_TOPICS.id || action.operation() != AclOperation.CREATE) {
			return false;
		}
		ResourcePattern resource = action.resourcePattern();
		return resource.resourceType() == ResourceType.CLUSTER
				|| (resource.resourceType() == ResourceType.TOPIC && resource.name().equals(topic));
	}

	@Override
	public List<? extends CompletionStage<AclCreateResult>> createAcls(AuthorizableRequestContext context,
			List<AclBinding> bindings) {
		throw new UnsupportedOperationException("the test broker has no ACLs");
	}

	@Override
	public List<? extends CompletionStage<AclDeleteResult>> deleteAcls(AuthorizableRequestContext context,
			List<AclBindingFilter> filters) {
		throw new UnsupportedOperationException("the test broker has no ACLs");
	}

	@Override
	public Iterable<AclBinding> acls(AclBindingFilter filter) {
		return List.of();
	}

	@Override
	public void close() {
	}

	/** Requests of one API on one resource, held until released. */
	public static final class Trap implements AutoCloseable {

		private final ApiKeys api;

		private final ResourcePattern resource;

		private final CountDownLatch caught = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		private Trap(ApiKeys api, ResourcePattern resource) {
			this.api = api;
			this.resource = resource;
		}

		private void holdIfCaught(int requestType, Action action) {
			if (requestType != this.api.id || !this.resource.equals(action.resourcePattern())
					|| action.operation() == AclOperation.DESCRIBE) {
				return;
			}
			this.caught.countDown();
			try {
				this.released.await(5, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		/** Waits until a request is held. */
		public void awaitHeld(Duration timeout) throws InterruptedException {
			if (!this.caught.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError("no " + this.api + " request on " + this.resource + " within " + timeout);
			}
		}

		/** Lets held and later requests through, and disarms the trap. */
		public void release() {
			if (armed == this) {
				armed = null;
			}
			this.released.countDown();
		}

		@Override
		public void close() {
			release();
		}

	}

}
