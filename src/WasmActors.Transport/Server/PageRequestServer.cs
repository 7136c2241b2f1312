using WasmActors.Transport.Protocol;

namespace WasmActors.Transport.Server;

/// <summary>Turns one Fetch into Pages frames; shared by every backend so all of them answer alike.</summary>
internal sealed class PageRequestServer(PageRegistry registry, PageTransportOptions options)
{
    /// <summary>Checks a request against the registry and the limits; a failure becomes an Error frame for that request.</summary>
    public IPageProvider Resolve(FetchMessage fetch)
    {
        if (!registry.TryGet(fetch.Region, out var provider))
        {
            throw new PageTransportException(PageTransportError.UnknownRegion, $"region {fetch.Region} is not served here");
        }
        long total = 0;
        foreach (var range in fetch.Ranges)
        {
            if (range.Count == 0 || range.End > (ulong)provider.PageCount)
            {
                throw new PageTransportException(PageTransportError.PageOutOfRange, $"range {range} is outside region {fetch.Region} of {provider.PageCount} pages");
            }
            total += range.Count;
            if (total > options.MaxPagesPerRequest)
            {
                throw new PageTransportException(PageTransportError.LimitExceeded, $"request asks for more than {options.MaxPagesPerRequest} pages");
            }
        }
        return provider;
    }

    /// <summary>The Pages frames of a resolved request, produced lazily so a cancelled push stops early.
    /// Frames never cross a range boundary, and each holds as many pages as the frame limit allows.</summary>
    public static IEnumerable<OutgoingFrame> Frames(ulong requestId, FetchMessage fetch, IPageProvider provider, int maxFrameBytes)
    {
        var pageSize = provider.PageSize;
        var perFrame = PagesFrame.PagesPerFrame(pageSize, maxFrameBytes);
        if (PagesFrame.BodyBytes(1, pageSize) + ProtocolConstants.HeaderBytes > maxFrameBytes)
        {
            throw new PageTransportException(PageTransportError.LimitExceeded, $"a {pageSize}-byte page does not fit a {maxFrameBytes}-byte frame");
        }
        foreach (var range in fetch.Ranges)
        {
            var next = range.FirstPage;
            var left = range.Count;
            while (left > 0)
            {
                var count = (int)Math.Min(left, (uint)perFrame);
                var frame = PagesFrame.Create(requestId, fetch.Region, next, count, pageSize, out var data);
                try
                {
                    provider.ReadPages(next, count, data);
                }
                catch (Exception e) when (e is not PageTransportException)
                {
                    frame.Dispose();
                    throw new PageTransportException(PageTransportError.ServerFailure, $"page provider failed for {fetch.Region} pages {next}+{count}: {e.Message}", e);
                }
                PagesFrame.Seal(frame, count, pageSize);
                yield return frame;
                next += (uint)count;
                left -= (uint)count;
            }
        }
    }
}
