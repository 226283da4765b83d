package app.hisaab.sync;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The WebSocket at {@code /ws}; the defaults are API.md's.
 *
 * @param authTimeout how long a connection may stay open without authenticating
 * @param pingInterval how often the server sends a ping frame
 * @param pongTimeout how long a connection may stay silent (no pong, no message) before it is closed
 * @param maxMessageSize the largest message a client may send
 * @param messagesPerSecond how many messages a client may send in any one second
 * @param maxQueue the most a connection's outgoing queue holds before it is closed with 1013
 * @param listenRetryMax the longest wait between attempts to reopen the LISTEN connection
 * @param sweepInterval how often every local session's feed is checked for changes whose wake-up was lost
 * @param maxSocketsPerUser authenticated connections one user may hold on this node ({@code WS_LIMIT_PER_USER});
 *     one more closes that user's oldest with 1008
 * @param maxSocketsPerAddress connections, authenticated or not, one client address may hold on this node
 *     ({@code WS_LIMIT_PER_IP}); one more is closed with 1008 at once
 * @param limitsExemptLoopback whether connections from a loopback address (this machine: benchmarks, a
 *     local proxy that is not in {@code TRUSTED_PROXIES}) are left out of both caps ({@code WS_LIMIT_LOOPBACK_EXEMPT})
 * @param deliveryThreads threads that read users' feeds and queue them to their connections (frames go
 *     out with non-blocking writes, without a thread of their own)
 */
@ConfigurationProperties("hisaab.websocket")
record WebSocketProperties(
        @DefaultValue("10s") Duration authTimeout,
        @DefaultValue("25s") Duration pingInterval,
        @DefaultValue("60s") Duration pongTimeout,
        @DefaultValue("16KB") DataSize maxMessageSize,
        @DefaultValue("20") int messagesPerSecond,
        @DefaultValue("1MB") DataSize maxQueue,
        @DefaultValue("10s") Duration listenRetryMax,
        @DefaultValue("2s") Duration sweepInterval,
        @DefaultValue("20") int maxSocketsPerUser,
        @DefaultValue("500") int maxSocketsPerAddress,
        @DefaultValue("true") boolean limitsExemptLoopback,
        @DefaultValue("8") int deliveryThreads) {}
