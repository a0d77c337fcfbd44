"""What makes a reportlab document PDF/X-4 (ISO 15930-7) once its pages are drawn in CMYK: the output
intent with the embedded profile, the PDF/X keys of the Info dictionary, the XMP metadata that repeats
them, and PDF 1.6. Everything is derived from the title and reportlab's invariant date: the same build
gives the same bytes."""

from __future__ import annotations

import uuid
import zlib

from reportlab.pdfbase import pdfdoc

from deck.style import cmyk

PDFX_VERSION = "PDF/X-4"
_NS = uuid.UUID("6f1d0e2a-8c55-4d9b-9a57-1c1f4a0b7d11")  # deck's namespace for document ids


def escape(text: str) -> str:
    """&, > and < as XML entities (what xml.sax.saxutils.escape does; importing it imports urllib.request,
    http.client and email: 30 ms of every build's start)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


class _PdfxInfo(pdfdoc.PDFInfo):
    """reportlab's Info dictionary with /GTS_PDFXVersion (and its /Trapped /False, /CreationDate and
    /ModDate, which PDF/X needs)."""

    def format(self, document):
        date = pdfdoc.PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)
        d = {
            "Title": pdfdoc.PDFString(self.title),
            "Author": pdfdoc.PDFString(self.author),
            "CreationDate": date,
            "ModDate": date,
            "Producer": pdfdoc.PDFString(self.producer),
            "Creator": pdfdoc.PDFString(self.creator),
            "Subject": pdfdoc.PDFString(self.subject),
            "Trapped": pdfdoc.PDFName("False"),
            "GTS_PDFXVersion": pdfdoc.PDFString(PDFX_VERSION),
        }
        return pdfdoc.PDFDictionary(d).format(document)


def _iso_date(document) -> str:
    """reportlab's invariant date (or the time of the build) as XMP writes it."""
    d = pdfdoc.PDFDate(ts=document._timeStamp)
    y, mo, da, h, mi, s = d.date[:6]
    return f"{y:04d}-{mo:02d}-{da:02d}T{h:02d}:{mi:02d}:{s:02d}{d.dhh:+03d}:{abs(d.dmm):02d}"


def _xmp(title: str, producer: str, creator: str, date: str) -> bytes:
    doc_id = uuid.uuid5(_NS, title)
    t = escape(title)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{t}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>
   <pdf:Producer>{escape(producer)}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{doc_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{doc_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def finish_pdfx(canvas, title: str) -> None:
    """Turn the canvas's document into PDF/X-4 before it is saved (its pages drawn in CMYK or gray)."""
    doc = canvas._doc
    info = _PdfxInfo()
    info.__dict__.update(doc.info.__dict__)
    doc.info = info
    doc._pdfVersion = max(doc._pdfVersion, (1, 6))
    profile = pdfdoc.PDFStream(content=zlib.compress(cmyk.profile_bytes(), 9))
    profile.dictionary["N"] = 4
    profile.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    intent = pdfdoc.PDFDictionary(
        {
            "Type": pdfdoc.PDFName("OutputIntent"),
            "S": pdfdoc.PDFName("GTS_PDFX"),
            "OutputConditionIdentifier": pdfdoc.PDFString(cmyk.CONDITION),
            "OutputCondition": pdfdoc.PDFString(cmyk.CONDITION_INFO),
            "RegistryName": pdfdoc.PDFString(cmyk.REGISTRY),
            "Info": pdfdoc.PDFString(cmyk.CONDITION_INFO),
            "DestOutputProfile": doc.Reference(profile),
        }
    )
    cat = doc.Catalog
    cat.OutputIntents = pdfdoc.PDFArray([intent])
    if "OutputIntents" not in cat.__NoDefault__:
        cat.__NoDefault__ = [*cat.__NoDefault__, "OutputIntents"]
    xmp = pdfdoc.PDFStream(content=_xmp(title, info.producer, info.creator, _iso_date(doc)), filters=[])
    xmp.dictionary["Type"] = pdfdoc.PDFName("Metadata")
    xmp.dictionary["Subtype"] = pdfdoc.PDFName("XML")
    cat.Metadata = xmp
