using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace NovaAuth.Tests
{
    /// <summary>Dispose, and the errors a caller sees.</summary>
    public sealed class LifetimeAndErrorTests
    {
        [Test]
        public async Task DisposeDuringAPendingLoginEndsAWaitOnAnotherThread()
        {
            using (var server = new DevServer())
            {
                server.QueueFaults("{\"route\":\"get-session\",\"delay_ms\":5000}");
                NovaLogin login = NovaLogin.Start(server.Options());
                server.AwaitGetRequests(1);
                Task<NovaUser> waiting = Task.Run(() => login.Wait(Timeout.InfiniteTimeSpan));
                await Task.Delay(100);

                var clock = Stopwatch.StartNew();
                login.Dispose();
                await Assert.EndsWithin(waiting, TimeSpan.FromSeconds(2), "a Wait in flight after Dispose (get-session held 5 s)");
                Assert.True(clock.ElapsedMilliseconds < 2000, "Dispose not to wait for the request in flight, it took " + clock.ElapsedMilliseconds + " ms");
                NovaAuthException error = await Assert.ThrowsAsync<NovaAuthException>(waiting, "the interrupted Wait");
                Assert.Equal(NovaStatus.Cancelled, error.Status, "Status of the interrupted Wait");
            }
        }

        [Test]
        public void UseAfterDisposeThrowsObjectDisposedException()
        {
            using (var server = new DevServer())
            {
                NovaLogin login = NovaLogin.Start(server.Options());
                login.Dispose();
                Assert.Throws<ObjectDisposedException>(() => login.Poll(), "Poll");
                Assert.Throws<ObjectDisposedException>(() => login.Wait(TimeSpan.Zero), "Wait");
                Assert.Throws<ObjectDisposedException>(() => { string url = login.Url; }, "Url");
                Assert.Throws<ObjectDisposedException>(() => login.Refresh(), "Refresh");
                Assert.Throws<ObjectDisposedException>(() => login.Cancel(), "Cancel");
                login.Dispose();
            }
        }

        [Test]
        public void CancelEndsAPendingLoginWithCancelled()
        {
            using (var server = new DevServer())
            using (NovaLogin login = NovaLogin.Start(server.Options()))
            {
                server.SessionOf(login);
                login.Cancel();
                NovaAuthException error = Assert.Throws<NovaAuthException>(() => login.Poll(), "Poll after Cancel");
                Assert.Equal(NovaStatus.Cancelled, error.Status, "Status");
                Assert.Equal("the login was cancelled", error.Message, "Message");
            }
        }

        [Test]
        public void CreateSessionAnswering500EndsWithServerError()
        {
            using (var server = new DevServer())
            {
                server.QueueFaults("{\"route\":\"create-session\",\"status\":500,\"body\":\"{\\\"error\\\":\\\"Failed to create session\\\"}\"}");
                using (NovaLogin login = NovaLogin.Start(server.Options()))
                {
                    NovaAuthException error = Assert.Throws<NovaAuthException>(() => login.Wait(TimeSpan.FromSeconds(10)), "Wait");
                    Assert.Equal(NovaStatus.Server, error.Status, "Status");
                    Assert.Contains("HTTP 500", error.Message, "Message");
                    Assert.Equal(null, login.Url, "Url of a login without a session");
                }
            }
        }

        /// <summary>Starts a login with <paramref name="options"/>, which must fail with <paramref name="status"/> and a message starting with <paramref name="message"/>.</summary>
        private static void ExpectStartToFail(NovaOptions options, NovaStatus status, string message)
        {
            options.OpenBrowser = false;
            NovaAuthException error = Assert.Throws<NovaAuthException>(() => NovaLogin.Start(options), "Start");
            Assert.Equal(status, error.Status, "Status");
            Assert.True(error.Message.StartsWith(message), "a message starting \"" + message + "\", got \"" + error.Message + "\"");
        }

        [Test]
        public void HttpBaseUrlToARemoteHostIsRefusedAsInsecure()
        {
            ExpectStartToFail(new NovaOptions { BaseUrl = "http://nova-ai.work" }, NovaStatus.InsecureUrl,
                "base URL \"http://nova-ai.work\": http:// is allowed only to a loopback host");
        }

        [Test]
        public void EachRefusedOptionIsAnInvalidArgumentWithTheLibrarysMessage()
        {
            ExpectStartToFail(new NovaOptions { BaseUrl = "ftp://example.com" }, NovaStatus.InvalidArgument,
                "base URL \"ftp://example.com\": the scheme must be https, or http to a loopback host");
            ExpectStartToFail(new NovaOptions { BaseUrl = "https://example.com/?a=1" }, NovaStatus.InvalidArgument,
                "base URL \"https://example.com/?a=1\": must not have a query or a fragment");
            ExpectStartToFail(new NovaOptions { PollInterval = TimeSpan.FromMilliseconds(99) }, NovaStatus.InvalidArgument,
                "poll interval must be 100 to 60000 ms, not 99");
            ExpectStartToFail(new NovaOptions { LoginTimeout = TimeSpan.FromHours(25) }, NovaStatus.InvalidArgument,
                "login timeout must be 100 to 86400000 ms, not 90000000");
            ExpectStartToFail(new NovaOptions { RequestTimeout = TimeSpan.FromMinutes(6) }, NovaStatus.InvalidArgument,
                "request timeout must be 100 to 300000 ms, not 360000");
            ExpectStartToFail(new NovaOptions { UserAgent = "app\r\nX: 1" }, NovaStatus.InvalidArgument,
                "user agent \"app\\r\\nX: 1\": must not contain control characters");
        }

        [Test]
        public void NegativeDurationIsAnInvalidArgument()
        {
            // Out of uint's range, it goes to the library as uint.MaxValue, which it refuses.
            ExpectStartToFail(new NovaOptions { LoginTimeout = TimeSpan.FromSeconds(-1) }, NovaStatus.InvalidArgument,
                "login timeout must be 100 to 86400000 ms, not 4294967295");
        }

        [Test]
        public void BadBaseUrlsFromTheEnvironmentFailStartNamingTheVariable()
        {
            // Mono sets the process environment, which the library reads in nova_options_new.
            try
            {
                Environment.SetEnvironmentVariable("NOVA_AUTH_BASE_URL", "http://example.com");
                ExpectStartToFail(new NovaOptions(), NovaStatus.InsecureUrl,
                    "NOVA_AUTH_BASE_URL: base URL \"http://example.com\": http:// is allowed only to a loopback host");
                Environment.SetEnvironmentVariable("NOVA_AUTH_BASE_URL", "ftp://example.com");
                ExpectStartToFail(new NovaOptions(), NovaStatus.InvalidArgument,
                    "NOVA_AUTH_BASE_URL: base URL \"ftp://example.com\": the scheme must be https");
            }
            finally
            {
                Environment.SetEnvironmentVariable("NOVA_AUTH_BASE_URL", null);
            }
        }

        [Test]
        public void UserAgentWithANulCharacterIsAnInvalidArgument()
        {
            var options = new NovaOptions { BaseUrl = "http://127.0.0.1:9", UserAgent = "app\0evil", OpenBrowser = false };
            NovaAuthException error = Assert.Throws<NovaAuthException>(() => NovaLogin.Start(options), "Start");
            Assert.Equal(NovaStatus.InvalidArgument, error.Status, "Status");
            Assert.Contains("UserAgent", error.Message, "Message");
        }
    }
}
