using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace NovaAuth.Tests
{
    /// <summary>A person signing in, as the web app sends them to complete-session.</summary>
    internal sealed class Identity
    {
        public static readonly Identity Google = new Identity("dev-google-4f1c9a", "Ada Lovelace", "ada.lovelace@example.com", "https://example.com/avatars/ada.png", "pro");
        public static readonly Identity Naver = new Identity("dev-naver-7b2e10", "김민지", "minji.kim@example.com", null, "plus");
        public static readonly Identity Kakao = new Identity("dev-kakao-3d8e55", "이서준", null, "https://example.com/avatars/seojun.jpg", "free");

        private Identity(string uid, string name, string email, string photoUrl, string tier)
        {
            Uid = uid;
            Name = name;
            Email = email;
            PhotoUrl = photoUrl;
            Tier = tier;
        }

        public string Uid { get; }
        public string Name { get; }
        public string Email { get; }
        public string PhotoUrl { get; }
        public string Tier { get; }
    }

    /// <summary>
    /// A nova-devserver process on 127.0.0.1 with a free port, run from the NOVA_DEVSERVER
    /// environment variable, with helpers for its API. Dispose kills it.
    /// </summary>
    internal sealed class DevServer : IDisposable
    {
        private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(10);
        private readonly Process process;
        private readonly HttpClient http = new HttpClient(new HttpClientHandler { UseProxy = false });

        public DevServer(params string[] arguments)
        {
            string program = Environment.GetEnvironmentVariable("NOVA_DEVSERVER");
            if (string.IsNullOrEmpty(program))
            {
                throw new InvalidOperationException("NOVA_DEVSERVER is not set: run bindings/csharp/run-tests.sh");
            }
            var start = new ProcessStartInfo(program, "--host 127.0.0.1 --port 0 " + string.Join(" ", arguments))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
            };
            process = Process.Start(start);
            BaseUrl = process.StandardOutput.ReadLine();
            if (BaseUrl == null || !BaseUrl.StartsWith("http://127.0.0.1:"))
            {
                Dispose();
                throw new InvalidOperationException("the dev server printed '" + BaseUrl + "' instead of its base URL");
            }
        }

        public string BaseUrl { get; }

        /// <summary>Options for this server: no browser, a short poll interval.</summary>
        public NovaOptions Options()
        {
            return new NovaOptions
            {
                BaseUrl = BaseUrl,
                OpenBrowser = false,
                PollInterval = TimeSpan.FromMilliseconds(100),
            };
        }

        /// <summary>Completes a session as the web app does after the person signed in.</summary>
        public void Complete(string sessionId, Identity who)
        {
            string body = "{" + string.Join(",", new[]
            {
                Field("sessionId", sessionId), Field("uid", who.Uid), Field("name", who.Name),
                Field("email", who.Email), Field("photoUrl", who.PhotoUrl),
                Field("tier", who.Tier), Field("plan", who.Tier),
            }) + "}";
            Post("/api/auth/complete-session", body);
        }

        /// <summary>Queues faulty answers: a JSON object or array, see devserver/README.md.</summary>
        public void QueueFaults(string json)
        {
            Post("/_dev/faults", json);
        }

        /// <summary>How many get-session requests the server has received.</summary>
        public int GetRequests()
        {
            string stats = Get("/_dev/stats");
            return int.Parse(Regex.Match(stats, "\"get_requests\":\\s*(\\d+)").Groups[1].Value);
        }

        /// <summary>The ids of the sessions stored now.</summary>
        public List<string> Sessions()
        {
            return Regex.Matches(Get("/_dev/sessions"), "\"([^\"]+)\"").Cast<Match>().Select(m => m.Groups[1].Value).ToList();
        }

        /// <summary>The session id of a login, read from its login URL once the session exists.</summary>
        public string SessionOf(NovaLogin login)
        {
            string url = Until(() => login.Url, "the login URL to appear");
            string prefix = BaseUrl + "/login?session=";
            Assert.True(url.StartsWith(prefix), "a login URL starting with " + prefix + ", got " + url);
            return url.Substring(prefix.Length).Split('&')[0];
        }

        /// <summary>
        /// The id of the one session stored besides <paramref name="known"/>, once it exists
        /// (for logins run by LoginAsync, which do not show their URL).
        /// </summary>
        public string NewSession(params string[] known)
        {
            return Until(() => Sessions().Except(known).SingleOrDefault(), "one new session to be created");
        }

        /// <summary>Waits until the server has received at least this many get-session requests.</summary>
        public void AwaitGetRequests(int count)
        {
            Until(() => GetRequests() >= count ? "yes" : null, count + " get-session requests");
        }

        public void Dispose()
        {
            http.Dispose();
            if (!process.HasExited)
            {
                process.Kill();
            }
            process.WaitForExit();
            process.Dispose();
        }

        private static string Until(Func<string> probe, string awaited)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < SettleLimit)
            {
                string value = probe();
                if (value != null)
                {
                    return value;
                }
                Thread.Sleep(20);
            }
            throw new AssertionException("expected " + awaited + " within " + SettleLimit.TotalSeconds + " s");
        }

        private string Get(string path)
        {
            HttpResponseMessage answer = http.GetAsync(BaseUrl + path).GetAwaiter().GetResult();
            return Checked(answer, "GET " + path);
        }

        private void Post(string path, string json)
        {
            var content = new StringContent(json, Encoding.UTF8, "application/json");
            HttpResponseMessage answer = http.PostAsync(BaseUrl + path, content).GetAwaiter().GetResult();
            Checked(answer, "POST " + path);
        }

        private static string Checked(HttpResponseMessage answer, string request)
        {
            string body = answer.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (!answer.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(request + " answered " + (int)answer.StatusCode + ": " + body);
            }
            return body;
        }

        private static string Field(string name, string value)
        {
            if (value == null)
            {
                return "\"" + name + "\":null";
            }
            return "\"" + name + "\":\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        }
    }
}
