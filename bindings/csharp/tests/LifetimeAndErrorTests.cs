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

        [Test]
        public void HttpBaseUrlToARemoteHostIsRefusedAsInsecure()
        {
            var options = new NovaOptions { BaseUrl = "http://nova-ai.work", OpenBrowser = false };
            NovaAuthException error = Assert.Throws<NovaAuthException>(() => NovaLogin.Start(options), "Start");
            Assert.Equal(NovaStatus.InsecureUrl, error.Status, "Status");
            Assert.Contains("BaseUrl", error.Message, "Message");
        }

        [Test]
        public void PollIntervalOutOfBoundsIsAnInvalidArgument()
        {
            var options = new NovaOptions { BaseUrl = "http://127.0.0.1:9", PollInterval = TimeSpan.FromMilliseconds(99), OpenBrowser = false };
            NovaAuthException error = Assert.Throws<NovaAuthException>(() => NovaLogin.Start(options), "Start");
            Assert.Equal(NovaStatus.InvalidArgument, error.Status, "Status");
            Assert.Contains("PollInterval", error.Message, "Message");
        }

        [Test]
        public void NegativeDurationIsAnInvalidArgument()
        {
            var options = new NovaOptions { BaseUrl = "http://127.0.0.1:9", LoginTimeout = TimeSpan.FromSeconds(-1), OpenBrowser = false };
            NovaAuthException error = Assert.Throws<NovaAuthException>(() => NovaLogin.Start(options), "Start");
            Assert.Equal(NovaStatus.InvalidArgument, error.Status, "Status");
        }

        [Test]
        public void UserAgentWithANulCharacterIsAnInvalidArgument()
        {
            var options = new NovaOptions { BaseUrl = "http://127.0.0.1:9", UserAgent = "app\0evil", OpenBrowser = false };
            NovaAuthException error = Assert.Throws<NovaAuthException>(() => NovaLogin.Start(options), "Start");
            Assert.Equal(NovaStatus.InvalidArgument, error.Status, "Status");
        }
    }
}
