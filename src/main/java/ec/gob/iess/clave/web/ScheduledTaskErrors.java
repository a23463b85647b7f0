package ec.gob.iess.clave.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.task.SimpleAsyncTaskSchedulerCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ErrorHandler;

/**
 * How a failing background task (the mail dispatcher every 500 ms, the clean-ups) is logged. While the
 * database is down every run fails the same way: one warning line without a stack trace says so, instead
 * of an error with a full trace twice a second that buries whatever else the log has to say. Anything
 * else is a defect and keeps its trace. The task runs again at its next time either way.
 */
@Configuration(proxyBeanMethods = false)
class ScheduledTaskErrors implements ErrorHandler {

	private static final Logger log = LoggerFactory.getLogger(ScheduledTaskErrors.class);

	@Override
	public void handleError(Throwable failure) {
		if (DatabaseUnavailable.causedBy(failure)) {
			log.warn("Background task skipped: the database cannot be reached ({})", failure.getClass().getSimpleName());
		}
		else {
			log.error("Background task failed", failure);
		}
	}

	@Bean
	ThreadPoolTaskSchedulerCustomizer scheduledTaskErrorsOnThreads() {
		return scheduler -> scheduler.setErrorHandler(this);
	}

	@Bean
	SimpleAsyncTaskSchedulerCustomizer scheduledTaskErrorsOnVirtualThreads() {
		return scheduler -> scheduler.setErrorHandler(this);
	}
}
