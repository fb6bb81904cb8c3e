namespace Hub.WebUi.Assets;

/// <summary>One file of <c>wwwroot</c>, held in memory (the page is a few kilobytes).</summary>
/// <param name="RequestPath">Where it is served, e.g. <c>/app.js</c>.</param>
/// <param name="ContentType">The Content-Type header, with a charset for text.</param>
/// <param name="Content">The bytes.</param>
/// <param name="ETag">A strong entity tag (quoted) derived from the content.</param>
public sealed record EmbeddedAsset(string RequestPath, string ContentType, ReadOnlyMemory<byte> Content, string ETag);
