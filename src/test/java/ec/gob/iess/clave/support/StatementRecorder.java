package ec.gob.iess.clave.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Records the SQL that request threads prepare while {@link #start} is on: to check that two answers
 * which must not be told apart do the same database work (the same statements, in the same order).
 * Only Tomcat's request threads are recorded, so the mail dispatcher and other background work do not
 * mix in.
 */
public final class StatementRecorder {

	private static final List<String> STATEMENTS = Collections.synchronizedList(new ArrayList<>());

	private static volatile boolean recording;

	private StatementRecorder() {
	}

	public static void start() {
		STATEMENTS.clear();
		recording = true;
	}

	public static List<String> stop() {
		recording = false;
		synchronized (STATEMENTS) {
			return List.copyOf(STATEMENTS);
		}
	}

	/** Import into an integration test's context. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		static BeanPostProcessor recordingDataSource() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String name) {
					return bean instanceof DataSource dataSource ? recording(dataSource) : bean;
				}
			};
		}
	}

	private static DataSource recording(DataSource target) {
		return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] { DataSource.class },
				(proxy, method, args) -> {
					Object result = invoke(target, method, args);
					return result instanceof Connection connection ? recording(connection) : result;
				});
	}

	private static Connection recording(Connection target) {
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					if (recording && method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql
							&& Thread.currentThread().getName().startsWith("http-nio")) {
						STATEMENTS.add(sql.replaceAll("\\s+", " ").strip());
					}
					return invoke(target, method, args);
				});
	}

	private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException e) {
			throw e.getCause();
		}
	}
}
