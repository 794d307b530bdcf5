package ai.rodytech.healer.sim;

import io.fabric8.mockwebserver.http.MockResponse;

/**
 * Thrown from inside the CRUD mock's handlers to answer with {@link #response()} instead of storing anything;
 * the mock's handlers catch only their own exception type, so this one reaches the dispatcher.
 */
final class ApiRejection extends RuntimeException {
  private final transient MockResponse response;

  ApiRejection(MockResponse response) {
    super(null, null, false, false);
    this.response = response;
  }

  MockResponse response() {
    return response;
  }
}
