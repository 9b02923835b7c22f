namespace NovaAuth
{
    /// <summary>The status codes of the C API (NovaStatusCode). Negative values are errors.</summary>
    public enum NovaStatus
    {
        /// <summary>The call succeeded.</summary>
        Ok = 0,
        /// <summary>The login is still waiting for the person to sign in.</summary>
        Pending = 1,
        /// <summary>The login completed: a user is available.</summary>
        Completed = 2,
        /// <summary>An invalid argument or a value out of bounds.</summary>
        InvalidArgument = -1,
        /// <summary>A URL that is not https (or http to a loopback host), from the host or the server.</summary>
        InsecureUrl = -2,
        /// <summary>No answer from the server: DNS, connect, TLS, or request timeout.</summary>
        Network = -3,
        /// <summary>The server answered something the flow cannot go on with.</summary>
        Server = -4,
        /// <summary>The session expired or is no longer known to the server.</summary>
        Expired = -5,
        /// <summary>The login timeout passed before the person signed in.</summary>
        Timeout = -6,
        /// <summary>The login was cancelled.</summary>
        Cancelled = -7,
        /// <summary>A defect in the library.</summary>
        Internal = -100,
    }
}
