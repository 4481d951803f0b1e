-- Links and images of a draft, for the ODT and DOCX exports (spaces/exports.py).
-- The HTML and PDF exports keep only http, https and mailto links and no images (nh3's
-- allow-list in spaces/rendering.py); the office files must not be more permissive: a
-- "smb:" or UNC link in a DOCX makes Windows send the reader's credentials to the host
-- named, and "file:" or "javascript:" links have no business in a specification either.
-- Other links keep their text and lose their target; images keep their description.

local allowed_schemes = { http = true, https = true, mailto = true }

local function allowed(target)
  if target:sub(1, 1) == "#" then
    return true -- a heading of the same document
  end
  local scheme = target:match("^(%a[%w+.-]*):")
  return scheme ~= nil and allowed_schemes[scheme:lower()] == true
end

function Link(link)
  if allowed(link.target) then
    return link
  end
  return link.content
end

function Image(image)
  return image.caption
end
