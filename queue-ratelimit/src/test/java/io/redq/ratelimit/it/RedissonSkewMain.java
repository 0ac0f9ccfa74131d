package io.redq.ratelimit.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RFuture;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * A Redisson client in its own JVM (the evaluation runs it with a skewed clock). Args: redisUrl
 * rateLimiterName semaphoreName goKey. Prints READY with its clock minus server time; once goKey
 * exists, takes one permit of the semaphore (lease 10 s) and tries 100 permits of the rate limiter,
 * then prints what it got and the server time (ms) after each step.
 */
public final class RedissonSkewMain {

    private RedissonSkewMain() {
    }

    public static void main(String[] args) throws Exception {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.useSingleServer().setAddress(args[0]);
        RedissonClient redisson = Redisson.create(config);
        RRateLimiter rate = redisson.getRateLimiter(args[1]);
        RPermitExpirableSemaphore semaphore = redisson.getPermitExpirableSemaphore(args[2]);
        rate.availablePermits(); // connect and load the scripts before the clock matters
        semaphore.availablePermits();
        long skew = Timeline.clockMinusServerMs(redisson);
        System.out.println("READY clockMinusServerMs=" + skew);
        while (!redisson.getBucket(args[3]).isExists()) {
            Thread.sleep(1);
        }
        String permit = semaphore.tryAcquire(0, 10, TimeUnit.SECONDS);
        long semaphoreAt = serverMs(redisson);
        List<RFuture<Boolean>> tries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tries.add(rate.tryAcquireAsync());
        }
        int granted = 0;
        for (RFuture<Boolean> f : tries) {
            granted += f.toCompletableFuture().get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        long rateAt = serverMs(redisson);
        System.out.println("SEMAPHORE " + (permit == null ? "none" : permit) + " " + semaphoreAt);
        System.out.println("GRANTED " + granted + " " + rateAt);
        redisson.shutdown();
    }

    private static long serverMs(RedissonClient redisson) {
        Long micros = redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_ONLY,
                "local t = redis.call('TIME') return tonumber(t[1]) * 1000000 + tonumber(t[2])",
                RScript.ReturnType.LONG, List.of());
        return micros / 1000;
    }
}
